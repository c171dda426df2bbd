using System.Net;
using System.Text.Json;
using Banana.Client.Tests.Fakes;
using Xunit;

namespace Banana.Client.Tests.Client;

public sealed class GenerateTests
{
    private const string Draw = "/v1/draw/nano-banana";
    private const string Result = "/v1/draw/result";

    private static string Frames(params string[] snapshots) => string.Concat(snapshots.Select(s => $"data: {s}\n\n"));

    [Fact]
    public async Task Follows_the_stream_to_the_result_and_reports_each_snapshot()
    {
        var handler = new ScriptedHandler().On(Draw, Answer.Stream(ScriptedStream.OfText(Frames(
            Answer.Snapshot("t-1", "running", 0),
            Answer.Snapshot("t-1", "running", 50),
            Answer.Snapshot("t-1", "succeeded", 100, "https://files.example.test/t-1.png")))));
        var ids = new List<string>();
        var seen = new List<int>();

        var result = await TestSetup.StreamClient(handler).GenerateAsync(
            TestSetup.Request(), TestSetup.Record(ids), new SynchronousProgress(s => seen.Add(s.Progress)), CancellationToken.None);

        Assert.Equal(TaskState.Succeeded, result.State);
        Assert.Equal(["https://files.example.test/t-1.png"], result.ResultUrls);
        Assert.Equal(["t-1"], ids);
        Assert.Equal([0, 50, 100], seen);
    }

    [Fact]
    public async Task Sends_the_documented_stream_request_with_bearer_and_json()
    {
        var handler = new ScriptedHandler().On(Draw, Answer.Stream(ScriptedStream.OfText(Frames(
            Answer.Snapshot("t-1", "succeeded", 100, "https://files.example.test/t-1.png")))));

        await TestSetup.StreamClient(handler).GenerateAsync(
            TestSetup.Request(model: "nano-banana-pro", ratio: "16:9", size: "2K"), TestSetup.Record([]), null, CancellationToken.None);

        var sent = Assert.Single(handler.Requests);
        Assert.Equal("Bearer", sent.Authorization?.Scheme);
        Assert.Equal(TestSetup.ApiKey, sent.Authorization?.Parameter);
        Assert.StartsWith("application/json", sent.ContentType, StringComparison.Ordinal);
        using var body = JsonDocument.Parse(sent.BodyText);
        var root = body.RootElement;
        Assert.Equal("nano-banana-pro", root.GetProperty("model").GetString());
        Assert.Equal("16:9", root.GetProperty("aspectRatio").GetString());
        Assert.Equal("2K", root.GetProperty("imageSize").GetString());
        Assert.False(root.GetProperty("shutProgress").GetBoolean());
        Assert.Equal("zh", root.GetProperty("cdn").GetString());
        Assert.False(root.TryGetProperty("webHook", out _));
        Assert.Equal("https://files.example.test/in.png", root.GetProperty("urls")[0].GetString());
    }

    [Fact]
    public async Task Hands_over_the_task_id_before_reading_past_the_first_frame()
    {
        var body = ScriptedStream.OfLines(
            ScriptedStream.Ending.Close,
            $"data: {Answer.Snapshot("t-7", "running", 0)}\n",
            $"data: {Answer.Snapshot("t-7", "succeeded", 100, "https://files.example.test/t-7.png")}\n");
        var handler = new ScriptedHandler().On(Draw, Answer.Stream(body));
        var piecesReadWhenAccepted = -1;

        await TestSetup.StreamClient(handler).GenerateAsync(
            TestSetup.Request(),
            async (id, _) =>
            {
                piecesReadWhenAccepted = body.PiecesServed;
                await Task.Delay(50);
            },
            null,
            CancellationToken.None);

        Assert.Equal(1, piecesReadWhenAccepted);
    }

    [Fact]
    public async Task Continues_by_polling_when_the_stream_breaks_after_the_first_frame_and_never_submits_again()
    {
        var handler = new ScriptedHandler()
            .On(Draw, Answer.Stream(ScriptedStream.OfText(Frames(Answer.Snapshot("t-2", "running", 10)), ScriptedStream.Ending.Break)))
            .On(Result, Answer.Poll("t-2", "running", 60), Answer.Poll("t-2", "succeeded", 100, "https://files.example.test/t-2.png"));
        var log = new List<string>();
        var ids = new List<string>();

        var result = await TestSetup.Client(handler, TestSetup.Options(log: log, mode: SubmitMode.Stream))
            .GenerateAsync(TestSetup.Request(), TestSetup.Record(ids), null, CancellationToken.None);

        Assert.Equal("https://files.example.test/t-2.png", Assert.Single(result.ResultUrls));
        Assert.Equal(1, handler.Count(Draw));
        Assert.Equal(["t-2"], ids);
        Assert.Contains("\"id\":\"t-2\"", handler.Requests.First(r => r.Uri.AbsolutePath == Result).BodyText, StringComparison.Ordinal);
        Assert.Contains(log, line => line.Contains("t-2", StringComparison.Ordinal) && line.Contains("polling", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Continues_by_polling_when_the_stream_ends_without_a_final_frame()
    {
        var handler = new ScriptedHandler()
            .On(Draw, Answer.Stream(ScriptedStream.OfText(Frames(Answer.Snapshot("t-3", "running", 10)))))
            .On(Result, Answer.Poll("t-3", "succeeded", 100, "https://files.example.test/t-3.png"));

        var result = await TestSetup.StreamClient(handler).GenerateAsync(TestSetup.Request(), TestSetup.Record([]), null, CancellationToken.None);

        Assert.Equal(TaskState.Succeeded, result.State);
        Assert.Equal(1, handler.Count(Draw));
    }

    [Fact]
    public async Task Continues_by_polling_when_the_stream_goes_silent_after_the_first_frame()
    {
        var handler = new ScriptedHandler()
            .On(Draw, Answer.Stream(ScriptedStream.OfText(Frames(Answer.Snapshot("t-4", "running", 10)), ScriptedStream.Ending.Hang)))
            .On(Result, Answer.Poll("t-4", "succeeded", 100, "https://files.example.test/t-4.png"));
        var options = TestSetup.Options(mode: SubmitMode.Stream);
        options.StreamIdleTimeout = TimeSpan.FromMilliseconds(200);

        var result = await TestSetup.Client(handler, options).GenerateAsync(TestSetup.Request(), TestSetup.Record([]), null, CancellationToken.None);

        Assert.Equal(TaskState.Succeeded, result.State);
        Assert.Equal(1, handler.Count(Draw));
    }

    [Fact]
    public async Task A_slow_task_accepted_callback_does_not_count_as_a_silent_stream()
    {
        var handler = new ScriptedHandler().On(Draw, Answer.Stream(ScriptedStream.OfLines(
            ScriptedStream.Ending.Close,
            $"data: {Answer.Snapshot("t-s", "running", 0)}\n",
            $"data: {Answer.Snapshot("t-s", "succeeded", 100, "https://files.example.test/t-s.png")}\n")));
        var options = TestSetup.Options(mode: SubmitMode.Stream);
        // The callback outlasts the idle limit well; the limit itself is generous, so a loaded machine reading the
        // scripted lines slowly cannot trip it.
        options.StreamIdleTimeout = TimeSpan.FromSeconds(1);

        var result = await TestSetup.Client(handler, options).GenerateAsync(
            TestSetup.Request(), (_, token) => Task.Delay(2500, token), null, CancellationToken.None);

        Assert.Equal(TaskState.Succeeded, result.State);
        Assert.Equal(0, handler.Count(Result));
    }

    [Fact]
    public async Task Cancelling_a_generation_stops_it_without_falling_back_to_polling()
    {
        var handler = new ScriptedHandler()
            .On(Draw, Answer.Stream(ScriptedStream.OfText($"data: {Answer.Snapshot("t-c", "running", 0)}\n", ScriptedStream.Ending.Hang)))
            .On(Result, Answer.Poll("t-c", "running", 10));
        using var cancel = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => TestSetup.StreamClient(handler).GenerateAsync(
            TestSetup.Request(),
            (_, _) =>
            {
                cancel.CancelAfter(100);
                return Task.CompletedTask;
            },
            null,
            cancel.Token));

        Assert.Equal(0, handler.Count(Result));
    }

    [Fact]
    public async Task A_stream_that_ends_before_any_frame_is_a_transient_failure_without_a_second_submission()
    {
        var handler = new ScriptedHandler().On(Draw, Answer.Stream(new MemoryStream()));

        await Assert.ThrowsAsync<GrsaiTransientException>(() =>
            TestSetup.StreamClient(handler).GenerateAsync(TestSetup.Request(), TestSetup.Record([]), null, CancellationToken.None));

        Assert.Equal(1, handler.Count(Draw));
    }

    [Theory]
    [InlineData("""{"code":-1,"msg":"积分不足"}""", typeof(GrsaiCreditsExhaustedException))]
    [InlineData("""{"code":-1,"msg":"Invalid API key"}""", typeof(GrsaiAuthenticationException))]
    [InlineData("""{"code":-1,"msg":"aspectRatio is not supported"}""", typeof(GrsaiRequestRejectedException))]
    [InlineData("""{"code":-4,"msg":"unexpected end of JSON input"}""", typeof(GrsaiRequestRejectedException))]
    [InlineData("""{"id":"t-5","failure_reason":"error","error":"upstream busy"}""", typeof(GrsaiTaskFailedException))]
    [InlineData("""{"id":"t-5","failure_reason":"output_moderation","error":"refused"}""", typeof(GrsaiModerationException))]
    [InlineData("""not json at all""", typeof(GrsaiProtocolException))]
    public async Task Maps_a_plain_error_body_to_its_typed_exception(string body, Type expected)
    {
        var handler = new ScriptedHandler().On(Draw, Answer.Json(body));

        var error = await Assert.ThrowsAnyAsync<GrsaiException>(() =>
            TestSetup.StreamClient(handler).GenerateAsync(TestSetup.Request(), TestSetup.Record([]), null, CancellationToken.None));

        Assert.IsType(expected, error);
        Assert.Equal(1, handler.Count(Draw));
    }

    [Fact]
    public async Task A_moderated_task_names_the_reason_and_the_task()
    {
        var handler = new ScriptedHandler().On(Draw, Answer.Stream(ScriptedStream.OfText(Frames(
            Answer.Snapshot("t-6", "running", 0),
            Answer.Snapshot("t-6", "failed", 100, failureReason: "input_moderation", error: "sensitive content")))));

        var error = await Assert.ThrowsAsync<GrsaiModerationException>(() =>
            TestSetup.StreamClient(handler).GenerateAsync(TestSetup.Request(), TestSetup.Record([]), null, CancellationToken.None));

        Assert.Equal("input_moderation", error.Reason);
        Assert.Equal("t-6", error.TaskId);
        Assert.Contains("input_moderation", error.Message, StringComparison.Ordinal);
        Assert.False(error.DoomsKey);
    }

    [Fact]
    public async Task A_failed_task_is_a_task_failure_naming_the_task()
    {
        var handler = new ScriptedHandler().On(Draw, Answer.Stream(ScriptedStream.OfText(Frames(
            Answer.Snapshot("t-8", "failed", 100, failureReason: "error", error: "generation failed")))));

        var error = await Assert.ThrowsAsync<GrsaiTaskFailedException>(() =>
            TestSetup.StreamClient(handler).GenerateAsync(TestSetup.Request(), TestSetup.Record([]), null, CancellationToken.None));

        Assert.Equal("t-8", error.TaskId);
    }

    [Theory]
    [InlineData("", "auto", null, "Model")]
    [InlineData("nano-banana-fast", "1:8", null, "AspectRatio")]
    [InlineData("nano-banana-fast", "auto", "2K", "ImageSize")]
    [InlineData("nano-banana-pro-4k-vip", "auto", "1K", "ImageSize")]
    public async Task Refuses_a_bad_model_ratio_or_size_before_any_request(string model, string ratio, string? size, string parameter)
    {
        var handler = new ScriptedHandler();
        var client = TestSetup.Client(handler);

        var generate = await Assert.ThrowsAsync<GrsaiValidationException>(() =>
            client.GenerateAsync(TestSetup.Request(model: model, ratio: ratio, size: size), TestSetup.Record([]), null, CancellationToken.None));
        var submit = await Assert.ThrowsAsync<GrsaiValidationException>(() =>
            client.SubmitAsync(TestSetup.Request(model: model, ratio: ratio, size: size), CancellationToken.None));

        Assert.Equal(parameter, generate.ParameterName);
        Assert.Equal(parameter, submit.ParameterName);
        Assert.Empty(handler.Requests);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Refuses_an_empty_prompt_before_any_request(string prompt)
    {
        var handler = new ScriptedHandler();

        var error = await Assert.ThrowsAsync<GrsaiValidationException>(() =>
            TestSetup.Client(handler).SubmitAsync(TestSetup.Request(prompt: prompt), CancellationToken.None));

        Assert.Equal("Prompt", error.ParameterName);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task Submit_asks_for_an_immediate_answer_and_returns_the_task_id()
    {
        var handler = new ScriptedHandler().On(Draw, Answer.Json("""{"code":0,"msg":"success","data":{"id":"t-10"}}"""));

        var id = await TestSetup.Client(handler).SubmitAsync(TestSetup.Request(), CancellationToken.None);

        Assert.Equal("t-10", id);
        using var body = JsonDocument.Parse(Assert.Single(handler.Requests).BodyText);
        Assert.Equal("-1", body.RootElement.GetProperty("webHook").GetString());
    }

    [Fact]
    public async Task Submit_maps_a_refusal_of_credits()
    {
        var handler = new ScriptedHandler().On(Draw, Answer.Json("""{"code":-1,"msg":"credits not enough"}"""));

        var error = await Assert.ThrowsAsync<GrsaiCreditsExhaustedException>(() =>
            TestSetup.Client(handler).SubmitAsync(TestSetup.Request(), CancellationToken.None));

        Assert.True(error.DoomsKey);
        Assert.Equal(-1, error.ServiceCode);
    }

    /// <summary>Progress&lt;T&gt; posts to the thread pool; tests need the reports in order and complete.</summary>
    private sealed class SynchronousProgress(Action<TaskSnapshot> report) : IProgress<TaskSnapshot>
    {
        public void Report(TaskSnapshot value) => report(value);
    }
}
