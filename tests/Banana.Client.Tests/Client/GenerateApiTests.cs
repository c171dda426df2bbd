using System.Net;
using System.Text.Json;
using Banana.Client.Tests.Fakes;
using Xunit;

namespace Banana.Client.Tests.Client;

/// <summary>The generate API of docs/protocol.md#generate-api, against a fake server that answers as the public material says.</summary>
public sealed class GenerateApiTests
{
    private const string Generate = "/v1/api/generate";
    private const string Result = "/v1/api/result";
    private static readonly HttpResponseMessage Accepted = Answer.Json("""{"id":"14-abc","status":"running"}""");

    private static GrsaiClientOptions Options(InstantTimeProvider clock, SubmitMode mode = SubmitMode.Poll)
    {
        var options = TestSetup.InstantOptions(clock, mode);
        options.Api = GrsaiApi.Generate;
        return options;
    }

    private static HttpResponseMessage Task(string id, string status, string? url = null, string content = "", string failureReason = "", string error = "")
    {
        var results = url is null ? "[]" : $$"""[{"url":"{{url}}","content":"{{content}}"}]""";
        return Answer.Json($$"""{"id":"{{id}}","status":"{{status}}","progress":{{(status == "running" ? 30 : 100)}},"results":{{results}},"failure_reason":"{{failureReason}}","error":"{{error}}"}""");
    }

    [Fact]
    public async Task Submits_async_with_images_then_polls_the_result_by_get()
    {
        var handler = new ScriptedHandler()
            .On(Generate, Accepted)
            .On(Result, Task("14-abc", "running"), Task("14-abc", "succeeded", "https://files.example.test/g.png"));
        var ids = new List<string>();

        var result = await TestSetup.Client(handler, Options(new InstantTimeProvider())).GenerateAsync(
            TestSetup.Request(model: "nano-banana-pro", ratio: "16:9", size: "2K"), TestSetup.Record(ids), null, CancellationToken.None);

        Assert.Equal(["14-abc"], ids);
        Assert.Equal("https://files.example.test/g.png", Assert.Single(result.ResultUrls));
        var submit = handler.Requests.Single(r => r.Uri.AbsolutePath == Generate);
        Assert.Equal(HttpMethod.Post, submit.Method);
        Assert.Equal(TestSetup.ApiKey, submit.Authorization?.Parameter);
        using var body = JsonDocument.Parse(submit.BodyText);
        var root = body.RootElement;
        Assert.Equal("async", root.GetProperty("replyType").GetString());
        Assert.Equal("https://files.example.test/in.png", root.GetProperty("images")[0].GetString());
        Assert.False(root.TryGetProperty("urls", out _));
        Assert.False(root.TryGetProperty("webHook", out _));
        Assert.Equal("nano-banana-pro", root.GetProperty("model").GetString());
        Assert.Equal("16:9", root.GetProperty("aspectRatio").GetString());
        Assert.Equal("2K", root.GetProperty("imageSize").GetString());
        var poll = handler.Requests.First(r => r.Uri.AbsolutePath == Result);
        Assert.Equal(HttpMethod.Get, poll.Method);
        Assert.Equal("?id=14-abc", poll.Uri.Query);
        Assert.Equal(0, handler.Count("/v1/draw/"));
    }

    [Fact]
    public async Task An_empty_200_to_an_async_submission_is_a_rejected_key_and_is_not_retried()
    {
        var handler = new ScriptedHandler().On(Generate, Answer.Status(HttpStatusCode.OK));

        var error = await Assert.ThrowsAsync<GrsaiAuthenticationException>(() =>
            TestSetup.Client(handler, Options(new InstantTimeProvider())).GenerateAsync(
                TestSetup.Request(), TestSetup.Record([]), null, CancellationToken.None));

        Assert.True(error.DoomsKey);
        Assert.Equal("ApiKeyRejected", error.ErrorId);
        Assert.Equal(1, handler.Count(Generate));
        Assert.Equal(0, handler.Count(Result));
        Assert.DoesNotContain("-ApiKey", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_200_to_a_stream_submission_is_a_rejected_key_too_but_a_cut_one_is_transient()
    {
        var empty = new ScriptedHandler().On(Generate, Answer.Stream(new MemoryStream()));
        var cut = new ScriptedHandler().On(Generate, Answer.Stream(new ScriptedStream([], ScriptedStream.Ending.Break)));

        var rejected = await Assert.ThrowsAsync<GrsaiAuthenticationException>(() =>
            TestSetup.Client(empty, Options(new InstantTimeProvider(), SubmitMode.Stream)).GenerateAsync(
                TestSetup.Request(), TestSetup.Record([]), null, CancellationToken.None));
        await Assert.ThrowsAsync<GrsaiTransientException>(() =>
            TestSetup.Client(cut, Options(new InstantTimeProvider(), SubmitMode.Stream)).GenerateAsync(
                TestSetup.Request(), TestSetup.Record([]), null, CancellationToken.None));

        Assert.True(rejected.DoomsKey);
        Assert.Equal(1, empty.Count(Generate));
    }

    [Fact]
    public async Task A_400_apikey_error_is_a_rejected_key()
    {
        var handler = new ScriptedHandler().On(
            Generate, Answer.Json("""{"id":"","status":"failed","error":"apikey error"}""", HttpStatusCode.BadRequest));

        var error = await Assert.ThrowsAsync<GrsaiAuthenticationException>(() =>
            TestSetup.Client(handler, Options(new InstantTimeProvider())).SubmitAsync(TestSetup.Request(), CancellationToken.None));

        Assert.True(error.DoomsKey);
        Assert.Equal(1, handler.Count(Generate));
    }

    [Fact]
    public async Task A_400_with_a_failed_task_is_a_task_failure_naming_it()
    {
        var handler = new ScriptedHandler().On(
            Generate, Answer.Json("""{"id":"12-f","status":"failed","error":"generate failed"}""", HttpStatusCode.BadRequest));

        var error = await Assert.ThrowsAsync<GrsaiTaskFailedException>(() =>
            TestSetup.Client(handler, Options(new InstantTimeProvider())).SubmitAsync(TestSetup.Request(), CancellationToken.None));

        Assert.Equal("12-f", error.TaskId);
    }

    [Theory]
    [InlineData("failed", "error", "upstream busy", typeof(GrsaiTaskFailedException))]
    [InlineData("violation", "output_moderation", "", typeof(GrsaiModerationException))]
    [InlineData("violation", "", "", typeof(GrsaiModerationException))]
    [InlineData("failed", "input_moderation", "refused", typeof(GrsaiModerationException))]
    public async Task A_polled_task_that_ends_badly_maps_to_the_draw_paths_exceptions(string status, string reason, string error, Type expected)
    {
        var handler = new ScriptedHandler()
            .On(Generate, Accepted)
            .On(Result, Task("14-abc", status, failureReason: reason, error: error));

        var thrown = await Assert.ThrowsAnyAsync<GrsaiException>(() =>
            TestSetup.Client(handler, Options(new InstantTimeProvider())).GenerateAsync(
                TestSetup.Request(), TestSetup.Record([]), null, CancellationToken.None));

        Assert.IsType(expected, thrown);
        Assert.Equal("14-abc", thrown.TaskId);
    }

    [Fact]
    public async Task A_failed_task_polled_as_http_400_is_a_task_failure()
    {
        var handler = new ScriptedHandler()
            .On(Result, Answer.Json("""{"id":"14-abc","status":"failed","error":"generate failed"}""", HttpStatusCode.BadRequest));

        var error = await Assert.ThrowsAsync<GrsaiTaskFailedException>(() =>
            TestSetup.Client(handler, Options(new InstantTimeProvider())).WaitForResultAsync("14-abc", null, CancellationToken.None));

        Assert.Equal("14-abc", error.TaskId);
    }

    [Fact]
    public async Task A_recorded_task_answered_404_is_expired_at_once()
    {
        var handler = new ScriptedHandler().On(
            Result, Answer.Json("""{"error":"result not exist, valid for 2 hours"}""", HttpStatusCode.NotFound));
        var clock = new InstantTimeProvider();

        var error = await Assert.ThrowsAsync<GrsaiTaskExpiredException>(() =>
            TestSetup.Client(handler, Options(clock)).WaitForResultAsync("14-old", null, CancellationToken.None));

        Assert.Equal("14-old", error.TaskId);
        Assert.Equal("TaskExpired", error.ErrorId);
        Assert.Equal(1, handler.Count(Result));
        Assert.Contains("2 hours", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_task_submitted_moments_ago_may_answer_404_within_the_grace()
    {
        var handler = new ScriptedHandler()
            .On(Generate, Accepted)
            .On(Result,
                Answer.Json("""{"error":"result not exist, valid for 2 hours"}""", HttpStatusCode.NotFound),
                Task("14-abc", "succeeded", "https://files.example.test/g.png"));
        var clock = new InstantTimeProvider();
        var options = Options(clock);
        options.MaxFirstPollDelay = TimeSpan.Zero;

        var result = await TestSetup.Client(handler, options).GenerateAsync(TestSetup.Request(), TestSetup.Record([]), null, CancellationToken.None);

        Assert.Equal(TaskState.Succeeded, result.State);
        Assert.Equal(2, handler.Count(Result));
    }

    [Fact]
    public async Task Keeps_polling_through_transient_poll_failures()
    {
        var handler = new ScriptedHandler().On(
            Result,
            Answer.Status(HttpStatusCode.BadGateway),
            Answer.Status(HttpStatusCode.ServiceUnavailable),
            Task("14-abc", "succeeded", "https://files.example.test/g.png"));
        var options = Options(new InstantTimeProvider());
        options.MaxRetries = 0;

        var result = await TestSetup.Client(handler, options).WaitForResultAsync("14-abc", null, CancellationToken.None);

        Assert.Equal(TaskState.Succeeded, result.State);
        Assert.Equal(3, handler.Count(Result));
    }

    [Fact]
    public async Task Stream_mode_asks_for_a_stream_and_reads_its_frames()
    {
        var frames = $"data: {{\"id\":\"14-s\",\"status\":\"running\",\"progress\":10}}\n\ndata: {{\"id\":\"14-s\",\"status\":\"succeeded\",\"progress\":100,\"results\":[{{\"url\":\"https://files.example.test/s.png\"}}]}}\n\n";
        var handler = new ScriptedHandler().On(Generate, Answer.Stream(ScriptedStream.OfText(frames)));
        var ids = new List<string>();

        var result = await TestSetup.Client(handler, Options(new InstantTimeProvider(), SubmitMode.Stream)).GenerateAsync(
            TestSetup.Request(), TestSetup.Record(ids), null, CancellationToken.None);

        Assert.Equal(["14-s"], ids);
        Assert.Equal("https://files.example.test/s.png", Assert.Single(result.ResultUrls));
        using var body = JsonDocument.Parse(Assert.Single(handler.Requests).BodyText);
        Assert.Equal("stream", body.RootElement.GetProperty("replyType").GetString());
    }

    [Fact]
    public async Task A_broken_stream_continues_by_polling_the_generate_result()
    {
        var handler = new ScriptedHandler()
            .On(Generate, Answer.Stream(ScriptedStream.OfText("data: {\"id\":\"14-b\",\"status\":\"running\"}\n\n", ScriptedStream.Ending.Break)))
            .On(Result, Task("14-b", "succeeded", "https://files.example.test/b.png"));

        var result = await TestSetup.Client(handler, Options(new InstantTimeProvider(), SubmitMode.Stream)).GenerateAsync(
            TestSetup.Request(), TestSetup.Record([]), null, CancellationToken.None);

        Assert.Equal("14-b", result.Id);
        Assert.Equal(1, handler.Count(Generate));
    }
}
