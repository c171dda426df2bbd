using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Banana.Emulator;
using Xunit;

namespace Banana.Client.Tests.Emulator;

/// <summary>The generate API of docs/protocol.md#generate-api, judged with raw HTTP.</summary>
public sealed partial class GenerateEmulatorTests
{
    private const string GeneratePath = "v1/api/generate";

    [Fact]
    public async Task Async_answers_a_running_id_at_once_that_the_result_endpoint_follows_to_success_without_a_key()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorSettings { GenerationLatency = TimeSpan.FromMilliseconds(300) });
        using var client = new EmulatorTestClient(server);

        var (response, answer) = await client.PostJsonAsync(GeneratePath, EmulatorTestClient.Generate("a pear"));
        var id = answer.GetProperty("id").GetString()!;
        var final = await EmulatorTestClient.WaitForGenerateFinalAsync(server, id);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["id", "status"], answer.EnumerateObject().Select(p => p.Name));
        Assert.Equal("running", answer.GetProperty("status").GetString());
        Assert.Matches(TaskIdPattern(), id);
        Assert.Equal(id, final.GetProperty("id").GetString());
        Assert.Equal("succeeded", final.GetProperty("status").GetString());
        Assert.Equal(100, final.GetProperty("progress").GetInt32());
        Assert.False(final.TryGetProperty("code", out _), "the generate API has no code/data envelope");
        var result = Assert.Single(final.GetProperty("results").EnumerateArray());
        Assert.Contains("a pear", result.GetProperty("content").GetString(), StringComparison.Ordinal);
        PngAssert.IsValid(await client.Http.GetByteArrayAsync(result.GetProperty("url").GetString()));
        Assert.Equal(1, server.Stats.SubmissionsByApi["generate"]);
        Assert.Equal(1, server.Stats.Submissions);
        Assert.Equal(1, server.Stats.RequestsTo(EmulatorEndpoint.Generate));
        Assert.True(server.Stats.RequestsTo(EmulatorEndpoint.GenerateResult) >= 1);
    }

    [Fact]
    public async Task Json_waits_for_the_task_and_answers_it_whole()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorSettings { GenerationLatency = TimeSpan.FromMilliseconds(200) });
        using var client = new EmulatorTestClient(server);

        var (response, task) = await client.PostJsonAsync(GeneratePath, EmulatorTestClient.Generate(replyType: "json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("succeeded", task.GetProperty("status").GetString());
        Assert.EndsWith(".png", task.GetProperty("results")[0].GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.Equal(string.Empty, task.GetProperty("failure_reason").GetString());
    }

    [Fact]
    public async Task A_failed_task_in_json_mode_is_http_400_with_the_task()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.AddFault(new FaultRule { Endpoint = EmulatorEndpoint.Generate, Kind = FaultKind.TaskError, Count = 1 });
        using var client = new EmulatorTestClient(server);

        var (response, task) = await client.PostJsonAsync(GeneratePath, EmulatorTestClient.Generate(replyType: "json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Matches(TaskIdPattern(), task.GetProperty("id").GetString());
        Assert.Equal("failed", task.GetProperty("status").GetString());
        Assert.Equal("error", task.GetProperty("failure_reason").GetString());
        Assert.False(string.IsNullOrEmpty(task.GetProperty("error").GetString()));
        Assert.Equal(1, server.Stats.Refunds);
        Assert.Equal(0, server.Stats.Charges);
    }

    [Fact]
    public async Task Moderation_ends_a_generate_task_as_violation()
    {
        await using var server = await EmulatorServer.StartAsync();
        using var client = new EmulatorTestClient(server);

        var (response, task) = await client.PostJsonAsync(GeneratePath, EmulatorTestClient.Generate("MODERATE_ME", replyType: "json"));
        var id = await client.SubmitGenerateAsync(EmulatorTestClient.Generate("MODERATE_ME too"));
        var polled = await EmulatorTestClient.WaitForGenerateFinalAsync(server, id);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("violation", task.GetProperty("status").GetString());
        Assert.Equal("input_moderation", task.GetProperty("failure_reason").GetString());
        Assert.Equal("violation", polled.GetProperty("status").GetString());
        Assert.Equal(2, server.Stats.FailuresByReason["input_moderation"]);
    }

    [Fact]
    public async Task Stream_sends_task_frames_from_running_to_succeeded_under_one_id()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorSettings { GenerationLatency = TimeSpan.FromMilliseconds(300) });
        using var client = new EmulatorTestClient(server);

        var frames = await client.StreamAsync(EmulatorTestClient.Generate(replyType: "stream"), GeneratePath);

        Assert.True(frames.Count >= 2, $"expected the first and the final frame, got {frames.Count}");
        var id = frames[0].GetProperty("id").GetString();
        Assert.Matches(TaskIdPattern(), id);
        Assert.Equal("running", frames[0].GetProperty("status").GetString());
        Assert.All(frames, f => Assert.Equal(id, f.GetProperty("id").GetString()));
        Assert.Equal("succeeded", frames[^1].GetProperty("status").GetString());
        Assert.Single(frames[^1].GetProperty("results").EnumerateArray());
    }

    [Fact]
    public async Task Stream_cut_applies_to_generate_streams_and_the_task_can_be_fetched()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorSettings { GenerationLatency = TimeSpan.FromMilliseconds(100) });
        server.AddFault(new FaultRule { Endpoint = EmulatorEndpoint.Generate, Kind = FaultKind.StreamCut, Count = 1 });
        using var client = new EmulatorTestClient(server);

        var only = Assert.Single(await client.StreamAsync(EmulatorTestClient.Generate(replyType: "stream"), GeneratePath));
        var final = await EmulatorTestClient.WaitForGenerateFinalAsync(server, only.GetProperty("id").GetString()!);

        Assert.Equal("succeeded", final.GetProperty("status").GetString());
        Assert.Equal(1, server.Stats.FaultsInjected(FaultKind.StreamCut));
    }

    [Theory]
    [InlineData("sk-revoked")]
    [InlineData("not-a-key")]
    public async Task A_rejected_key_is_400_apikey_error_in_json_mode_but_an_empty_200_in_async_mode(string key)
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorSettings { RejectedKeys = ["sk-revoked"] });
        using var client = new EmulatorTestClient(server, key);

        var (jsonResponse, jsonText) = await client.PostRawAsync(GeneratePath, JsonSerializer.Serialize(EmulatorTestClient.Generate(replyType: "json")));
        var (asyncResponse, asyncText) = await client.PostRawAsync(GeneratePath, JsonSerializer.Serialize(EmulatorTestClient.Generate(replyType: "async")));

        Assert.Equal(HttpStatusCode.BadRequest, jsonResponse.StatusCode);
        Assert.Equal("""{"id":"","status":"failed","error":"apikey error"}""", jsonText);
        Assert.Equal(HttpStatusCode.OK, asyncResponse.StatusCode);
        Assert.Equal(string.Empty, asyncText);
        Assert.Equal(0, server.Stats.Submissions);
        Assert.Equal(2, server.Stats.RequestsTo(EmulatorEndpoint.Generate));
    }

    [Fact]
    public async Task A_rejected_key_rule_answers_generate_in_its_reply_modes_shape()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.AddFault(new FaultRule { Kind = FaultKind.RejectedKey, ApiKey = "sk-retired" });
        using var retired = new EmulatorTestClient(server, "sk-retired");

        var (response, text) = await retired.PostRawAsync(GeneratePath, JsonSerializer.Serialize(EmulatorTestClient.Generate()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(string.Empty, text);
        Assert.Equal(1, server.Stats.FaultsInjected(FaultKind.RejectedKey));
        Assert.Equal(0, server.Stats.Submissions);
    }

    [Fact]
    public async Task Unknown_ids_and_draw_ids_are_404_on_the_generate_result_and_generate_ids_are_minus_22_on_the_draw_poll()
    {
        await using var server = await EmulatorServer.StartAsync();
        using var client = new EmulatorTestClient(server);
        var drawId = await client.SubmitAsync(EmulatorTestClient.Draw());
        var generateId = await client.SubmitGenerateAsync(EmulatorTestClient.Generate());

        var (unknown, unknownBody) = await EmulatorTestClient.ResultAsync(server, "14-" + Guid.NewGuid().ToString("N"));
        var (ofDraw, _) = await EmulatorTestClient.ResultAsync(server, drawId);
        var (_, drawPoll) = await client.PollAsync(generateId);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("result not exist, valid for 2 hours", unknownBody.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.NotFound, ofDraw.StatusCode);
        Assert.Equal(-22, drawPoll.GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Credits_too_low_is_a_400_without_a_task()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorSettings
        {
            Credits = new Dictionary<string, long> { ["sk-poor"] = 100 },
        });
        using var poor = new EmulatorTestClient(server, "sk-poor");

        var (response, body) = await poor.PostJsonAsync(GeneratePath, EmulatorTestClient.Generate());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("credits not enough", body.GetProperty("error").GetString());
        Assert.Equal(0, server.Stats.Submissions);
        Assert.Equal(0, server.Stats.Charges);
    }

    [Fact]
    public async Task Entry_faults_hit_the_generate_endpoints_like_any_other()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.AddFault(new FaultRule { Endpoint = EmulatorEndpoint.Generate, Kind = FaultKind.Http503, Count = 1 });
        server.AddFault(new FaultRule { Endpoint = EmulatorEndpoint.GenerateResult, Kind = FaultKind.Http429, Count = 1 });
        using var client = new EmulatorTestClient(server);

        var (refused, _) = await client.PostRawAsync(GeneratePath, JsonSerializer.Serialize(EmulatorTestClient.Generate()));
        var id = await client.SubmitGenerateAsync(EmulatorTestClient.Generate());
        using var anonymous = new HttpClient { BaseAddress = server.BaseUri };
        using var throttled = await anonymous.GetAsync("v1/api/result?id=" + id);
        var (fetched, _) = await EmulatorTestClient.ResultAsync(server, id);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.Equal(HttpStatusCode.OK, fetched.StatusCode);
        Assert.Equal(1, server.Stats.Submissions);
    }

    [Fact]
    public async Task Poll_not_found_on_the_generate_result_answers_404()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.AddFault(new FaultRule { Endpoint = EmulatorEndpoint.GenerateResult, Kind = FaultKind.PollNotFound, Count = 1 });
        using var client = new EmulatorTestClient(server);
        var id = await client.SubmitGenerateAsync(EmulatorTestClient.Generate());

        var (first, _) = await EmulatorTestClient.ResultAsync(server, id);
        var (second, _) = await EmulatorTestClient.ResultAsync(server, id);

        Assert.Equal(HttpStatusCode.NotFound, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
    }

    [GeneratedRegex("^14-[0-9a-f]{32}$")]
    private static partial Regex TaskIdPattern();
}
