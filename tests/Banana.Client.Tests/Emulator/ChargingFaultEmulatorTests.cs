using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Banana.Emulator;
using Xunit;

namespace Banana.Client.Tests.Emulator;

/// <summary>
/// The faults that cost money: the task is created and charged, then the answer is lost, replaced by a gateway
/// error, or duplicated. The emulator's own counters say what was charged, whatever the client saw.
/// </summary>
public sealed class ChargingFaultEmulatorTests
{
    /// <summary>Every way of submitting: both modes of the draw API, all three reply types of the generate API.</summary>
    public static TheoryData<string> SubmitModes => ["draw-stream", "draw-webhook", "generate-async", "generate-stream", "generate-json"];

    [Theory]
    [MemberData(nameof(SubmitModes))]
    public async Task Answer_lost_charges_the_task_then_drops_the_connection_before_any_byte(string mode)
    {
        await using var server = await EmulatorServer.StartAsync();
        server.AddFault(new FaultRule { Kind = FaultKind.AnswerLost, Count = 1 });
        using var client = new EmulatorTestClient(server, "sk-unlucky");

        await Assert.ThrowsAsync<HttpRequestException>(() => SendAsync(client, mode));

        var stats = server.Stats;
        Assert.Equal(1, stats.Submissions);
        Assert.Equal(1, stats.Charges);
        Assert.Equal(1, stats.ChargesByKey["sk-unlucky"]);
        Assert.Equal(440, stats.CreditsChargedByKey["sk-unlucky"]);
        Assert.Equal(1, stats.AnswersLost);
        Assert.Equal(1, stats.AnswersLostByKey["sk-unlucky"]);
        Assert.Equal(1, stats.FaultsInjected(FaultKind.AnswerLost));
        Assert.Equal(1, stats.TasksSucceeded);
    }

    [Theory]
    [InlineData(FaultKind.Http502AfterCharge, HttpStatusCode.BadGateway, "draw-webhook")]
    [InlineData(FaultKind.Http502AfterCharge, HttpStatusCode.BadGateway, "draw-stream")]
    [InlineData(FaultKind.Http502AfterCharge, HttpStatusCode.BadGateway, "generate-async")]
    [InlineData(FaultKind.Http504AfterCharge, HttpStatusCode.GatewayTimeout, "draw-webhook")]
    [InlineData(FaultKind.Http504AfterCharge, HttpStatusCode.GatewayTimeout, "generate-stream")]
    [InlineData(FaultKind.Http504AfterCharge, HttpStatusCode.GatewayTimeout, "generate-json")]
    public async Task Gateway_errors_after_the_charge_answer_html_but_the_task_was_paid_for(FaultKind kind, HttpStatusCode status, string mode)
    {
        await using var server = await EmulatorServer.StartAsync();
        server.AddFault(new FaultRule { Kind = kind, Count = 1 });
        using var client = new EmulatorTestClient(server);

        using var response = await SendAsync(client, mode);
        using var retried = await SendAsync(client, mode);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.True(retried.IsSuccessStatusCode);
        Assert.Equal(2, server.Stats.Submissions);
        Assert.Equal(2, server.Stats.Charges);
        Assert.Equal(1, server.Stats.AnswersLost);
        Assert.Equal(1, server.Stats.FaultsInjected(kind));
    }

    [Fact]
    public async Task Gateway_errors_at_the_gate_still_come_before_any_task_and_charge_nothing()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.AddFault(new FaultRule { Endpoint = EmulatorEndpoint.Draw, Kind = FaultKind.Http502, Count = 1 });
        using var client = new EmulatorTestClient(server);

        using var response = await SendAsync(client, "draw-webhook");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal(0, server.Stats.Submissions);
        Assert.Equal(0, server.Stats.Charges);
        Assert.Equal(0, server.Stats.AnswersLost);
    }

    [Theory]
    [InlineData("draw-stream")]
    [InlineData("generate-stream")]
    public async Task Duplicate_answer_sends_every_stream_frame_twice_for_one_charged_task(string mode)
    {
        await using var server = await EmulatorServer.StartAsync();
        server.AddFault(new FaultRule { Kind = FaultKind.DuplicateAnswer, Count = 1 });
        using var client = new EmulatorTestClient(server);

        var frames = mode == "draw-stream"
            ? await client.StreamAsync(EmulatorTestClient.Draw(webHook: null))
            : await client.StreamAsync(EmulatorTestClient.Generate(replyType: "stream"), "v1/api/generate");

        Assert.True(frames.Count >= 4 && frames.Count % 2 == 0, $"{frames.Count} frames");
        for (var i = 0; i < frames.Count; i += 2)
        {
            Assert.Equal(frames[i].GetRawText(), frames[i + 1].GetRawText());
        }

        Assert.Equal("succeeded", frames[^1].GetProperty("status").GetString());
        Assert.Equal(1, server.Stats.Submissions);
        Assert.Equal(1, server.Stats.Charges);
        Assert.Equal(0, server.Stats.AnswersLost);
    }

    [Theory]
    [InlineData("draw-webhook")]
    [InlineData("generate-async")]
    public async Task Duplicate_answer_writes_a_one_shot_answer_twice_naming_the_same_task(string mode)
    {
        await using var server = await EmulatorServer.StartAsync();
        server.AddFault(new FaultRule { Kind = FaultKind.DuplicateAnswer, Count = 1 });
        using var client = new EmulatorTestClient(server);

        using var response = await SendAsync(client, mode);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n');

        Assert.Equal(2, lines.Length);
        Assert.Equal(lines[0], lines[1]);
        using var answer = JsonDocument.Parse(lines[0]);
        var id = mode == "draw-webhook"
            ? answer.RootElement.GetProperty("data").GetProperty("id").GetString()
            : answer.RootElement.GetProperty("id").GetString();
        Assert.False(string.IsNullOrEmpty(id));
        Assert.Equal(1, server.Stats.Submissions);
        Assert.Equal(1, server.Stats.Charges);
    }

    [Fact]
    public async Task Charges_are_net_of_refunded_failures_and_priced_by_the_model()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.AddFault(new FaultRule { Endpoint = EmulatorEndpoint.Generate, Kind = FaultKind.TaskError, Count = 1 });
        using var client = new EmulatorTestClient(server, "sk-payer");

        var failed = await client.SubmitGenerateAsync(EmulatorTestClient.Generate(model: "nano-banana"));
        await EmulatorTestClient.WaitForGenerateFinalAsync(server, failed);
        await client.WaitForFinalAsync(await client.SubmitAsync(EmulatorTestClient.Draw(model: "nano-banana")));
        await client.WaitForFinalAsync(await client.SubmitAsync(EmulatorTestClient.Draw(model: "nano-banana-fast")));

        var stats = server.Stats;
        Assert.Equal(3, stats.Submissions);
        Assert.Equal(1, stats.Refunds);
        Assert.Equal(2, stats.Charges);
        Assert.Equal(2, stats.ChargesByKey["sk-payer"]);
        Assert.Equal(1400 + 440, stats.CreditsCharged);
        Assert.Equal(new Dictionary<string, long> { ["draw"] = 2, ["generate"] = 1 }, stats.SubmissionsByApi);
    }

    [Fact]
    public async Task The_new_kinds_have_kebab_names_in_rules_and_stats()
    {
        await using var server = await EmulatorServer.StartAsync();
        using var control = new HttpClient { BaseAddress = server.BaseUri };
        using var client = new EmulatorTestClient(server);

        using var configured = await control.PostAsync("_emulator/config", new StringContent("""
            { "faults": [
                { "endpoint": "generate", "kind": "http502-after-charge", "count": 1 },
                { "endpoint": "generate", "kind": "http504-after-charge", "count": 1 },
                { "endpoint": "draw", "kind": "answer-lost", "count": 1 },
                { "endpoint": "draw", "kind": "duplicate-answer", "count": 1 } ] }
            """, Encoding.UTF8, "application/json"));
        configured.EnsureSuccessStatusCode();
        for (var i = 0; i < 2; i++)
        {
            using var _ = await SendAsync(client, "generate-async");
        }

        await Assert.ThrowsAsync<HttpRequestException>(() => SendAsync(client, "draw-webhook"));
        using var duplicated = await SendAsync(client, "draw-webhook");
        var stats = await control.GetFromJsonAsync<JsonElement>("_emulator/stats");

        var faults = stats.GetProperty("faultsByKind");
        foreach (var name in new[] { "http502-after-charge", "http504-after-charge", "answer-lost", "duplicate-answer" })
        {
            Assert.Equal(1, faults.GetProperty(name).GetInt64());
        }

        Assert.Equal(4, stats.GetProperty("charges").GetInt64());
        Assert.Equal(3, stats.GetProperty("answersLost").GetInt64());
        Assert.Equal(4, stats.GetProperty("chargesByKey").GetProperty(EmulatorTestClient.DefaultKey).GetInt64());
    }

    /// <summary>One submission in the given mode, read whole (a stream to its end).</summary>
    private static async Task<HttpResponseMessage> SendAsync(EmulatorTestClient client, string mode)
    {
        var (path, body) = mode switch
        {
            "draw-stream" => ("v1/draw/nano-banana", EmulatorTestClient.Draw(webHook: null)),
            "draw-webhook" => ("v1/draw/nano-banana", EmulatorTestClient.Draw()),
            "generate-async" => ("v1/api/generate", EmulatorTestClient.Generate(replyType: "async")),
            "generate-stream" => ("v1/api/generate", EmulatorTestClient.Generate(replyType: "stream")),
            "generate-json" => ("v1/api/generate", EmulatorTestClient.Generate(replyType: "json")),
            _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, null),
        };
        var response = await client.Http.PostAsJsonAsync(path, body);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }
}
