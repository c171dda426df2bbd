using Banana.Client.Tests.Fakes;
using Xunit;

namespace Banana.Client.Tests.Client;

public sealed class PollingTests
{
    private const string Result = "/v1/draw/result";
    private static readonly string NotFound = """{"code":-22,"msg":"task not found"}""";

    [Fact]
    public async Task Treats_not_found_as_not_ready_within_the_grace_period()
    {
        var handler = new ScriptedHandler().On(
            Result,
            Answer.Json(NotFound),
            Answer.Json(NotFound),
            Answer.Poll("t-1", "running", 40),
            Answer.Poll("t-1", "succeeded", 100, "https://files.example.test/t-1.png"));

        var result = await TestSetup.Client(handler).WaitForResultAsync("t-1", null, CancellationToken.None);

        Assert.Equal(TaskState.Succeeded, result.State);
        Assert.Equal(4, handler.Count(Result));
    }

    [Fact]
    public async Task Gives_up_on_a_task_still_unknown_after_the_grace_period()
    {
        var handler = new ScriptedHandler().On(Result, Answer.Json(NotFound));
        var options = TestSetup.Options();
        options.NotFoundGrace = TimeSpan.FromMilliseconds(100);

        var error = await Assert.ThrowsAsync<GrsaiTaskExpiredException>(() =>
            TestSetup.Client(handler, options).WaitForResultAsync("t-gone", null, CancellationToken.None));

        Assert.Equal("t-gone", error.TaskId);
        Assert.Equal("TaskExpired", error.ErrorId);
        Assert.IsAssignableFrom<GrsaiTaskNotFoundException>(error);
        Assert.Contains("t-gone", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_recorded_task_gone_for_good_is_expired_after_a_few_polls_not_after_the_fresh_tasks_grace()
    {
        var handler = new ScriptedHandler().On(Result, Answer.Json(NotFound));
        var clock = new InstantTimeProvider();
        var options = TestSetup.InstantOptions(clock);

        await Assert.ThrowsAsync<GrsaiTaskExpiredException>(() =>
            TestSetup.Client(handler, options).WaitForResultAsync("t-old", null, CancellationToken.None));

        // A recorded task is long past the moment a new one may be unknown: issue 11 saw a minute lost per forgotten task.
        Assert.True(options.NotFoundGrace > TimeSpan.FromSeconds(10), "the test needs the fresh grace to be longer than a recorded task's");
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5) + options.PollInterval + TimeSpan.FromSeconds(1));
        Assert.True(handler.Count(Result) > 1, "a single -22 is not trusted");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task One_stray_not_found_after_a_long_stall_does_not_end_a_task_that_is_running(bool fresh)
    {
        // Issue 12: on a loaded machine a poll can come long after the previous one; a single -22 then is no proof of
        // expiry, and believing it would pay for the job again.
        var clock = new InstantTimeProvider();
        var handler = new ScriptedHandler()
            .On("/v1/draw/nano-banana", Answer.Json("""{"code":0,"msg":"success","data":{"id":"t-1"}}"""))
            .On(
                Result,
                (_, _) => Task.FromResult(Answer.Poll("t-1", "running", 40)),
                (_, _) =>
                {
                    clock.Stall(TimeSpan.FromMinutes(10));
                    return Task.FromResult(Answer.Json(NotFound));
                },
                (_, _) => Task.FromResult(Answer.Poll("t-1", "succeeded", 100, "https://files.example.test/t-1.png")));
        var options = TestSetup.InstantOptions(clock);
        options.SubmitMode = SubmitMode.Poll;
        var client = TestSetup.Client(handler, options);

        var result = fresh
            ? await client.GenerateAsync(new GenerationRequest(ModelCatalog.DefaultModel, "p", [], ModelCatalog.DefaultAspectRatio, null), (_, _) => Task.CompletedTask, null, CancellationToken.None)
            : await client.WaitForResultAsync("t-1", null, CancellationToken.None);

        Assert.Equal(TaskState.Succeeded, result.State);
        Assert.Equal(3, handler.Count(Result));
    }

    [Fact]
    public async Task Gives_up_at_the_deadline_naming_the_task()
    {
        var handler = new ScriptedHandler().On(Result, Answer.Poll("t-slow", "running", 5));
        var options = TestSetup.Options();
        options.TaskDeadline = TimeSpan.FromMilliseconds(150);

        var error = await Assert.ThrowsAsync<GrsaiTransientException>(() =>
            TestSetup.Client(handler, options).WaitForResultAsync("t-slow", null, CancellationToken.None));

        Assert.Equal("t-slow", error.TaskId);
        Assert.Contains("t-slow", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keeps_polling_through_a_poll_that_failed_transiently()
    {
        var handler = new ScriptedHandler().On(
            Result,
            Answer.Status(System.Net.HttpStatusCode.BadGateway),
            Answer.Status(System.Net.HttpStatusCode.BadGateway),
            Answer.Poll("t-1", "succeeded", 100, "https://files.example.test/t-1.png"));
        var options = TestSetup.Options();
        options.MaxRetries = 1;

        var result = await TestSetup.Client(handler, options).WaitForResultAsync("t-1", null, CancellationToken.None);

        Assert.Equal(TaskState.Succeeded, result.State);
    }

    [Fact]
    public async Task A_violation_status_is_moderation()
    {
        var handler = new ScriptedHandler().On(Result, Answer.Poll("t-v", "violation", 100));

        var error = await Assert.ThrowsAsync<GrsaiModerationException>(() =>
            TestSetup.Client(handler).WaitForResultAsync("t-v", null, CancellationToken.None));

        Assert.Equal("violation", error.Reason);
        Assert.Equal("t-v", error.TaskId);
    }

    [Fact]
    public async Task Reads_numbers_given_as_strings_and_ignores_unknown_fields()
    {
        var handler = new ScriptedHandler().On(
            Result,
            Answer.Json("""{"code":"0","msg":"success","extra":1,"data":{"id":"t-s","status":"succeeded","progress":"100","results":[{"url":"https://f.example.test/a.png","width":1024}],"new_field":{}}}"""));

        var result = await TestSetup.Client(handler).WaitForResultAsync("t-s", null, CancellationToken.None);

        Assert.Equal(100, result.Progress);
        Assert.Equal("https://f.example.test/a.png", Assert.Single(result.ResultUrls));
    }

    [Fact]
    public async Task Stops_when_the_caller_cancels()
    {
        var handler = new ScriptedHandler().On(Result, Answer.Poll("t-1", "running", 5));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            TestSetup.Client(handler).WaitForResultAsync("t-1", null, cancel.Token));
    }
}
