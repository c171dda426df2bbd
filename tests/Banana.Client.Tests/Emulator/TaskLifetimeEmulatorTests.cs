using System.Net;
using Banana.Emulator;
using Xunit;

namespace Banana.Client.Tests.Emulator;

/// <summary>Tasks live about two hours (configurable); past that both APIs answer as for an unknown id. No clocks: a zero TTL or an explicit expiry.</summary>
public sealed class TaskLifetimeEmulatorTests
{
    [Fact]
    public async Task With_a_zero_task_ttl_a_task_is_gone_as_soon_as_it_is_submitted_on_both_apis()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorSettings { TaskTtl = TimeSpan.Zero });
        using var client = new EmulatorTestClient(server);

        var drawId = await client.SubmitAsync(EmulatorTestClient.Draw());
        var generateId = await client.SubmitGenerateAsync(EmulatorTestClient.Generate());
        var (_, drawPoll) = await client.PollAsync(drawId);
        var (generateResult, body) = await EmulatorTestClient.ResultAsync(server, generateId);

        Assert.Equal(-22, drawPoll.GetProperty("code").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, generateResult.StatusCode);
        Assert.Equal("result not exist, valid for 2 hours", body.GetProperty("error").GetString());
        Assert.Equal(2, server.Stats.Charges);
    }

    [Fact]
    public async Task Expiring_tasks_forgets_those_there_are_and_spares_later_ones()
    {
        await using var server = await EmulatorServer.StartAsync();
        using var client = new EmulatorTestClient(server);
        var oldDraw = await client.SubmitAsync(EmulatorTestClient.Draw("old"));
        var oldGenerate = await client.SubmitGenerateAsync(EmulatorTestClient.Generate("old"));

        server.ExpireTasks();
        var newGenerate = await client.SubmitGenerateAsync(EmulatorTestClient.Generate("new"));

        Assert.Equal(-22, (await client.PollAsync(oldDraw)).Body.GetProperty("code").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await EmulatorTestClient.ResultAsync(server, oldGenerate)).Response.StatusCode);
        Assert.Equal("succeeded", (await EmulatorTestClient.WaitForGenerateFinalAsync(server, newGenerate)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_control_api_expires_tasks_and_sets_the_task_ttl()
    {
        await using var server = await EmulatorServer.StartAsync();
        using var control = new HttpClient { BaseAddress = server.BaseUri };
        using var client = new EmulatorTestClient(server);
        var id = await client.SubmitAsync(EmulatorTestClient.Draw());

        using var expired = await control.PostAsync("_emulator/expire-tasks", null);
        using var configured = await control.PostAsync("_emulator/config",
            new StringContent("""{ "taskTtlSeconds": 600 }""", System.Text.Encoding.UTF8, "application/json"));

        expired.EnsureSuccessStatusCode();
        configured.EnsureSuccessStatusCode();
        Assert.Equal(-22, (await client.PollAsync(id)).Body.GetProperty("code").GetInt32());
        Assert.Equal(TimeSpan.FromMinutes(10), server.Settings.TaskTtl);
        Assert.Equal(TimeSpan.FromHours(2), new EmulatorSettings().TaskTtl);
    }
}
