using System.Net;
using Banana.Emulator;
using Xunit;

namespace Banana.Client.Tests.Emulator;

public sealed class StatsEmulatorTests
{
    [Fact]
    public async Task Counters_count_what_clients_did()
    {
        await using var server = await EmulatorServer.StartAsync();
        using var client = new EmulatorTestClient(server, "sk-counted");
        var url = await client.UploadFormAsync([1, 2, 3]);

        var apple = EmulatorTestClient.Draw("apple", urls: [url]);
        var first = await client.SubmitAsync(apple);
        await client.WaitForFinalAsync(first);
        var second = await client.SubmitAsync(apple);
        await client.WaitForFinalAsync(second);
        await ResultImageEmulatorTests.DownloadResultAsync(client, EmulatorTestClient.Draw("pear"));
        await client.WaitForFinalAsync(await client.SubmitAsync(EmulatorTestClient.Draw("MODERATE_ME")));

        var stats = server.Stats;
        var appleSignature = EmulatorStats.Signature("nano-banana-fast", "apple", [url], "auto", null);
        Assert.Equal(4, stats.Submissions);
        Assert.Equal(2, stats.SubmissionsBySignature[appleSignature]);
        Assert.Equal(4, stats.SubmissionsByKey["sk-counted"]);
        Assert.Equal(3, stats.TasksSucceeded);
        Assert.Equal(1, stats.TasksFailed);
        Assert.Equal(1, stats.Uploads);
        Assert.Equal(1, stats.Downloads);
        Assert.Equal(4, stats.Polls);
        Assert.Equal(4, stats.RequestsTo(EmulatorEndpoint.Draw));
        Assert.Equal(1, stats.RequestsTo(EmulatorEndpoint.UploadToken));
        Assert.Equal(1, stats.RequestsTo(EmulatorEndpoint.Storage));
        Assert.Equal(0, stats.Running);
    }

    [Fact]
    public async Task Peak_concurrency_is_tracked_overall_and_per_key()
    {
        // Far longer than any test: all eight are certainly running together, however loaded the machine.
        await using var server = await EmulatorServer.StartAsync(new EmulatorSettings { GenerationLatency = TimeSpan.FromMinutes(10) });
        using var busy = new EmulatorTestClient(server, "sk-busy");
        using var quiet = new EmulatorTestClient(server, "sk-quiet");

        await Task.WhenAll(
            Enumerable.Range(0, 6).Select(i => busy.SubmitAsync(EmulatorTestClient.Draw($"busy {i}")))
                .Concat(Enumerable.Range(0, 2).Select(i => quiet.SubmitAsync(EmulatorTestClient.Draw($"quiet {i}")))));

        Assert.Equal(8, server.Stats.Running);
        Assert.Equal(8, server.Stats.PeakRunning);
        Assert.Equal(6, server.Stats.PeakRunningByKey["sk-busy"]);
        Assert.Equal(2, server.Stats.PeakRunningByKey["sk-quiet"]);
        Assert.Equal(8, server.Stats.Charges);
    }

    [Fact]
    public async Task Two_hundred_concurrent_streams_all_finish()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorSettings { GenerationLatency = TimeSpan.FromMilliseconds(200) });
        using var client = new EmulatorTestClient(server);

        var streams = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => client.StreamAsync(EmulatorTestClient.Draw($"job {i}", webHook: null))));

        Assert.All(streams, frames => Assert.Equal("succeeded", frames[^1].GetProperty("status").GetString()));
        Assert.Equal(200, server.Stats.SubmissionsBySignature.Count);
        Assert.Equal(200, server.Stats.TasksSucceeded);
    }

    [Fact]
    public async Task Reset_clears_counters_rules_tasks_and_files()
    {
        await using var server = await EmulatorServer.StartAsync();
        using var client = new EmulatorTestClient(server);
        var url = await client.UploadFormAsync([1]);
        var id = await client.SubmitAsync(EmulatorTestClient.Draw());
        server.AddFault(new FaultRule { Endpoint = EmulatorEndpoint.Credits, Kind = FaultKind.Http500 });

        server.Reset();

        using var file = await client.Http.GetAsync(url);
        var (_, poll) = await client.PollAsync(id);
        using var credits = await client.PostAsync("client/openapi/getAPIKeyCredits", new { apiKey = EmulatorTestClient.DefaultKey });
        Assert.Equal(HttpStatusCode.NotFound, file.StatusCode);
        Assert.Equal(-22, poll.GetProperty("code").GetInt32());
        Assert.Equal(HttpStatusCode.OK, credits.StatusCode);
        Assert.Equal(0, server.Stats.Submissions);
        Assert.Empty(server.Settings.Faults);
        Assert.Equal(1, server.Stats.RequestsTo(EmulatorEndpoint.Credits));
    }

    [Fact]
    public async Task Timeline_records_the_first_request_and_each_refilled_generation_slot_per_key()
    {
        await using var server = await EmulatorServer.StartAsync();
        Assert.Null(server.Timeline.Snapshot().FirstRequestUnixMs);
        using var one = new EmulatorTestClient(server, "sk-one");
        using var other = new EmulatorTestClient(server, "sk-other");

        // On sk-one: three generations one after the other, each refilling the slot the one before freed.
        foreach (var prompt in new[] { "first", "second", "third" })
        {
            await one.WaitForFinalAsync(await one.SubmitAsync(EmulatorTestClient.Draw(prompt)));
        }

        // Another key's start never counts as refilling sk-one's slots.
        await other.WaitForFinalAsync(await other.SubmitAsync(EmulatorTestClient.Draw("elsewhere")));

        var timeline = server.Timeline.Snapshot();
        Assert.NotNull(timeline.FirstRequestUnixMs);
        Assert.Equal(4, timeline.GenerationsFinished);
        Assert.Equal(2, timeline.SlotReuses);
        Assert.True(timeline.LastGenerationEndUnixMs >= timeline.FirstGenerationStartUnixMs);

        server.Reset();
        Assert.Null(server.Timeline.Snapshot().FirstRequestUnixMs);
        Assert.Equal(0, server.Timeline.Snapshot().GenerationsFinished);
    }
}
