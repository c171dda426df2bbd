using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Banana.Emulator;
using Xunit;

namespace Banana.Client.Tests.Emulator;

/// <summary>The <c>/_emulator</c> endpoints that Pester tests use against an emulator in another process.</summary>
public sealed class ControlApiEmulatorTests
{
    [Fact]
    public async Task Config_post_changes_only_the_fields_given_and_installs_rules()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorSettings { UploadLatency = TimeSpan.FromMilliseconds(5) });
        using var control = new HttpClient { BaseAddress = server.BaseUri };

        using var response = await control.PostAsync("_emulator/config", Json("""
            {
              "generationLatencyMs": 250,
              "credits": { "sk-limited": 900 },
              "rejectedKeys": ["sk-gone"],
              "faults": [ { "endpoint": "upload-token", "kind": "http429", "count": 1, "retryAfterSeconds": 3 } ]
            }
            """));

        response.EnsureSuccessStatusCode();
        var settings = server.Settings;
        Assert.Equal(TimeSpan.FromMilliseconds(250), settings.GenerationLatency);
        Assert.Equal(TimeSpan.FromMilliseconds(5), settings.UploadLatency);
        Assert.Equal(900, settings.Credits["sk-limited"]);
        Assert.Contains("sk-gone", settings.RejectedKeys);
        var rule = Assert.Single(settings.Faults);
        Assert.Equal(new FaultRule { Endpoint = EmulatorEndpoint.UploadToken, Kind = FaultKind.Http429, Count = 1, RetryAfterSeconds = 3 }, rule);
    }

    [Fact]
    public async Task Faults_post_appends_one_rule_that_then_fires()
    {
        await using var server = await EmulatorServer.StartAsync();
        using var control = new HttpClient { BaseAddress = server.BaseUri };
        using var client = new EmulatorTestClient(server);

        using var added = await control.PostAsync("_emulator/faults", Json("""{ "endpoint": "draw", "kind": "task-error", "count": 1 }"""));
        var final = await client.WaitForFinalAsync(await client.SubmitAsync(EmulatorTestClient.Draw()));

        added.EnsureSuccessStatusCode();
        Assert.Equal("error", final.GetProperty("failure_reason").GetString());
    }

    [Theory]
    [InlineData("""{ "faults": [ { "endpoint": "draw", "kind": "no-such-fault" } ] }""")]
    [InlineData("""{ "faults": [ { "endpoint": "draw" } ] }""")]
    [InlineData("""{ "faults": [ { "kind": "http500", "probability": 2 } ] }""")]
    [InlineData("""{ "generationLatencyMs": -1 }""")]
    [InlineData("""not json""")]
    public async Task Bad_config_is_refused_with_400_and_changes_nothing(string json)
    {
        await using var server = await EmulatorServer.StartAsync();
        using var control = new HttpClient { BaseAddress = server.BaseUri };

        using var response = await control.PostAsync("_emulator/config", Json(json));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(new EmulatorSettings().GenerationLatency, server.Settings.GenerationLatency);
        Assert.Empty(server.Settings.Faults);
    }

    [Fact]
    public async Task Stats_get_returns_the_documented_shape_and_reset_post_clears_it()
    {
        await using var server = await EmulatorServer.StartAsync();
        using var control = new HttpClient { BaseAddress = server.BaseUri };
        using var client = new EmulatorTestClient(server);
        await client.WaitForFinalAsync(await client.SubmitAsync(EmulatorTestClient.Draw()));

        var before = await control.GetFromJsonAsync<JsonElement>("_emulator/stats");
        using var reset = await control.PostAsync("_emulator/reset", null);
        var after = await control.GetFromJsonAsync<JsonElement>("_emulator/stats");

        string[] fields =
        [
            "submissions", "submissionsBySignature", "submissionsByKey", "tasksByState", "failuresByReason", "polls",
            "uploads", "downloads", "resultBytesServed", "requestsByEndpoint", "faultsByKind", "running", "runningByKey", "peakRunning", "peakRunningByKey",
            "submissionsByApi", "charges", "chargesByKey", "creditsCharged", "creditsChargedByKey", "refunds", "answersLost",
            "answersLostByKey", "refusalCount", "refusals", "requestsByKey", "requestsOutsidePrefix", "uploadsByMethod",
        ];
        Assert.Equal(fields, before.EnumerateObject().Select(p => p.Name));
        Assert.Equal(1, before.GetProperty("submissions").GetInt64());
        Assert.Equal(1, before.GetProperty("tasksByState").GetProperty("succeeded").GetInt64());
        Assert.Equal(1, before.GetProperty("requestsByEndpoint").GetProperty("draw").GetInt64());
        reset.EnsureSuccessStatusCode();
        Assert.Equal(0, after.GetProperty("submissions").GetInt64());
        Assert.Equal(1, before.GetProperty("charges").GetInt64());
        Assert.Equal(0, after.GetProperty("charges").GetInt64());
        Assert.Equal(0, before.GetProperty("refusalCount").GetInt64());
        Assert.Empty(before.GetProperty("refusals").EnumerateArray());
        Assert.True(before.GetProperty("requestsByKey").GetProperty(EmulatorTestClient.DefaultKey).GetInt64() >= 2);
        Assert.Empty(after.GetProperty("requestsByKey").EnumerateObject());
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
