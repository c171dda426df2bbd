using System.Net;
using System.Text.Json;
using Banana.Client.Tests.Fakes;
using Xunit;

namespace Banana.Client.Tests.Client;

/// <summary>The default way to generate: a short submission naming the task, the id handed over, then paced polls.</summary>
public sealed class SubmitThenPollTests
{
    private const string Draw = "/v1/draw/nano-banana";
    private const string Result = "/v1/draw/result";
    private static readonly HttpResponseMessage Accepted = Answer.Json("""{"code":0,"msg":"success","data":{"id":"t-p"}}""");

    [Fact]
    public async Task Submits_with_webhook_minus_one_records_the_id_before_the_first_poll_and_polls_to_the_result()
    {
        var pollsWhenAccepted = -1;
        ScriptedHandler? handler = null;
        handler = new ScriptedHandler()
            .On(Draw, Accepted)
            .On(Result, Answer.Poll("t-p", "running", 40), Answer.Poll("t-p", "succeeded", 100, "https://files.example.test/p.png"));
        var clock = new InstantTimeProvider();

        var result = await TestSetup.Client(handler, TestSetup.InstantOptions(clock)).GenerateAsync(
            TestSetup.Request(),
            (id, _) =>
            {
                pollsWhenAccepted = handler.Count(Result);
                return Task.CompletedTask;
            },
            null,
            CancellationToken.None);

        Assert.Equal("https://files.example.test/p.png", Assert.Single(result.ResultUrls));
        Assert.Equal(0, pollsWhenAccepted);
        Assert.Equal(1, handler.Count(Draw));
        Assert.Equal(2, handler.Count(Result));
        using var body = JsonDocument.Parse(handler.Requests.First(r => r.Uri.AbsolutePath == Draw).BodyText);
        Assert.Equal("-1", body.RootElement.GetProperty("webHook").GetString());
        Assert.False(body.RootElement.TryGetProperty("shutProgress", out _));
    }

    [Fact]
    public async Task Waits_about_the_models_typical_duration_before_the_first_poll_then_a_twentieth_of_the_running_time()
    {
        var handler = new ScriptedHandler()
            .On(Draw, Accepted)
            .On(Result, Answer.Poll("t-p", "running", 10), Answer.Poll("t-p", "running", 60), Answer.Poll("t-p", "succeeded", 100, "https://f.example.test/p.png"));
        var clock = new InstantTimeProvider();
        var options = TestSetup.InstantOptions(clock);

        await TestSetup.Client(handler, options).GenerateAsync(
            TestSetup.Request(model: "nano-banana-pro", size: "2K"), TestSetup.Record([]), null, CancellationToken.None);

        var typical = ModelCatalog.TypicalDuration("nano-banana-pro")!.Value;
        Assert.True(typical > options.PollInterval, "the catalog's hint for a pro model is longer than one poll interval");

        // A task seen done at most 5 % of its running time late: 40 s, then 2 s, then 2.1 s.
        var second = TimeSpan.FromTicks(typical.Ticks / 20);
        Assert.Equal([typical, second, TimeSpan.FromTicks((typical + second).Ticks / 20)], clock.Waits);
    }

    [Fact]
    public async Task Later_polls_come_between_a_third_of_the_poll_interval_and_the_poll_interval()
    {
        var running = Enumerable.Range(0, 60).Select(_ => Answer.Poll("t-p", "running", 50));
        var handler = new ScriptedHandler()
            .On(Draw, Accepted)
            .On(Result, [.. running, Answer.Poll("t-p", "succeeded", 100, "https://f.example.test/p.png")]);
        var clock = new InstantTimeProvider();
        var options = TestSetup.InstantOptions(clock);
        options.MaxFirstPollDelay = TimeSpan.FromSeconds(1);

        await TestSetup.Client(handler, options).GenerateAsync(TestSetup.Request(), TestSetup.Record([]), null, CancellationToken.None);

        var later = clock.Waits.Skip(1).ToList();
        Assert.Equal(60, later.Count);
        Assert.All(later, wait => Assert.InRange(wait, TimeSpan.FromTicks(options.PollInterval.Ticks / 3), options.PollInterval));
        Assert.Equal(TimeSpan.FromTicks(options.PollInterval.Ticks / 3), later[0]);
        Assert.Equal(options.PollInterval, later[^1]);
    }

    [Fact]
    public async Task The_first_poll_wait_is_bounded_by_the_options()
    {
        var handler = new ScriptedHandler().On(Draw, Accepted).On(Result, Answer.Poll("t-p", "succeeded", 100, "https://f.example.test/p.png"));
        var clock = new InstantTimeProvider();
        var options = TestSetup.InstantOptions(clock);
        options.MaxFirstPollDelay = TimeSpan.FromSeconds(5);

        await TestSetup.Client(handler, options).GenerateAsync(
            TestSetup.Request(model: "nano-banana-pro", size: "1K"), TestSetup.Record([]), null, CancellationToken.None);

        Assert.Equal([TimeSpan.FromSeconds(5)], clock.Waits);
    }

    [Fact]
    public async Task A_recorded_task_is_polled_at_once()
    {
        var handler = new ScriptedHandler().On(Result, Answer.Poll("t-r", "succeeded", 100, "https://f.example.test/r.png"));
        var clock = new InstantTimeProvider();

        await TestSetup.Client(handler, TestSetup.InstantOptions(clock)).WaitForResultAsync("t-r", null, CancellationToken.None);

        Assert.Empty(clock.Waits);
    }

    [Fact]
    public async Task Many_tasks_of_one_client_share_its_poll_ceiling()
    {
        var handler = new ScriptedHandler().On(Result, Answer.Poll("t", "succeeded", 100, "https://f.example.test/r.png"));
        var clock = new InstantTimeProvider();
        var options = TestSetup.InstantOptions(clock);
        options.MaxPollsPerSecond = 2;
        var client = TestSetup.Client(handler, options);

        await Task.WhenAll(Enumerable.Range(0, 10).Select(i => client.WaitForResultAsync($"t-{i}", null, CancellationToken.None)));

        // Ten first polls at 2 per second: the last one goes out 4.5 s after the first, whatever the order.
        Assert.Equal(10, handler.Count(Result));
        Assert.Equal(TimeSpan.FromSeconds(4.5), clock.Elapsed);
    }

    [Fact]
    public async Task A_poll_answered_with_retry_after_holds_the_next_poll_back()
    {
        var handler = new ScriptedHandler().On(
            Result,
            Answer.TooMany(TimeSpan.FromSeconds(20)),
            Answer.Poll("t-1", "succeeded", 100, "https://f.example.test/r.png"));
        var clock = new InstantTimeProvider();
        var options = TestSetup.InstantOptions(clock);
        options.MaxRetries = 0;

        var result = await TestSetup.Client(handler, options).WaitForResultAsync("t-1", null, CancellationToken.None);

        Assert.Equal(TaskState.Succeeded, result.State);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(20), $"the service asked for 20 s, the client waited {clock.Elapsed}");
    }

    [Fact]
    public async Task Gives_up_at_the_deadline_on_the_clock_of_the_options()
    {
        var handler = new ScriptedHandler().On(Draw, Accepted).On(Result, Answer.Poll("t-p", "running", 5));
        var clock = new InstantTimeProvider();
        var options = TestSetup.InstantOptions(clock);
        options.TaskDeadline = TimeSpan.FromMinutes(2);

        var error = await Assert.ThrowsAsync<GrsaiTransientException>(() =>
            TestSetup.Client(handler, options).GenerateAsync(TestSetup.Request(), TestSetup.Record([]), null, CancellationToken.None));

        Assert.Equal("t-p", error.TaskId);
        Assert.Equal(1, handler.Count(Draw));
        Assert.InRange(handler.Count(Result), 30, 50);
    }

    [Fact]
    public async Task A_submission_whose_answer_broke_says_it_may_have_been_charged()
    {
        var handler = new ScriptedHandler().On(
            Draw, Answer.Stream(ScriptedStream.OfText("""{"code":0,"data":""", ScriptedStream.Ending.Break), "application/json"));

        var error = await Assert.ThrowsAsync<GrsaiTransientException>(() =>
            TestSetup.Client(handler).GenerateAsync(TestSetup.Request(), TestSetup.Record([]), null, CancellationToken.None));

        Assert.True(error.MayHaveBeenCharged);
        Assert.Equal(1, handler.Count(Draw));
    }

    [Fact]
    public async Task A_submission_refused_with_429_is_retried_and_not_suspected_of_a_charge()
    {
        var handler = new ScriptedHandler()
            .On(Draw, Answer.TooMany(TimeSpan.FromSeconds(1)), Accepted)
            .On(Result, Answer.Poll("t-p", "succeeded", 100, "https://f.example.test/p.png"));
        var clock = new InstantTimeProvider();

        var result = await TestSetup.Client(handler, TestSetup.InstantOptions(clock)).GenerateAsync(
            TestSetup.Request(), TestSetup.Record([]), null, CancellationToken.None);

        Assert.Equal("t-p", result.Id);
        Assert.Equal(2, handler.Count(Draw));
        Assert.Contains(TimeSpan.FromSeconds(1), clock.Waits);
    }
}
