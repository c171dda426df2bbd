using System.Net;
using Banana.Client.Tests.Fakes;
using Xunit;

namespace Banana.Client.Tests.Client;

public sealed class RetryTests
{
    private const string Credits = "/client/openapi/getAPIKeyCredits";
    private const string Draw = "/v1/draw/nano-banana";
    private static readonly HttpResponseMessage CreditsOk = Answer.Json("""{"code":0,"msg":"success","data":{"credits":10000}}""");

    [Fact]
    public async Task Honours_retry_after_on_429()
    {
        var retries = new List<RetryNotice>();
        var options = TestSetup.Options(retries: retries);
        options.MaxRetryDelay = TimeSpan.FromSeconds(5);
        var handler = new ScriptedHandler().On(Credits, Answer.TooMany(TimeSpan.FromSeconds(1)), CreditsOk);

        var credits = await TestSetup.Client(handler, options).GetCreditsAsync(CancellationToken.None);

        Assert.Equal(10000, credits);
        var notice = Assert.Single(retries);
        Assert.Equal(TimeSpan.FromSeconds(1), notice.Delay);
        Assert.Equal(1, notice.Attempt);
        Assert.Contains("429", notice.Fault, StringComparison.Ordinal);
        Assert.Equal(TransientFaultKind.RateLimited, notice.Kind);
        Assert.Equal((System.Net.HttpStatusCode)429, notice.StatusCode);
        Assert.Equal("credits", notice.Operation);
    }

    [Fact]
    public async Task Caps_a_long_retry_after_at_the_maximum_delay()
    {
        var retries = new List<RetryNotice>();
        var options = TestSetup.Options(retries: retries);
        options.MaxRetryDelay = TimeSpan.FromMilliseconds(300);
        var handler = new ScriptedHandler().On(Credits, Answer.TooMany(TimeSpan.FromMinutes(10)), CreditsOk);

        await TestSetup.Client(handler, options).GetCreditsAsync(CancellationToken.None);

        Assert.Equal(TimeSpan.FromMilliseconds(300), Assert.Single(retries).Delay);
    }

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    [InlineData(HttpStatusCode.RequestTimeout)]
    public async Task Retries_transient_statuses(HttpStatusCode status)
    {
        var retries = new List<RetryNotice>();
        var log = new List<string>();
        var handler = new ScriptedHandler().On(Credits, Answer.Status(status), CreditsOk);

        await TestSetup.Client(handler, TestSetup.Options(log: log, retries: retries)).GetCreditsAsync(CancellationToken.None);

        Assert.Equal(2, handler.Count(Credits));
        var notice = Assert.Single(retries);
        Assert.Equal(TransientFaultKind.ServerError, notice.Kind);
        Assert.Equal(status, notice.StatusCode);
        Assert.Contains(log, line => line.Contains(((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Retries_a_connection_reset()
    {
        var retries = new List<RetryNotice>();
        var handler = new ScriptedHandler().On(Credits, Answer.Reset(), (_, _) => Task.FromResult(Answer.Json("""{"code":0,"data":{"credits":5}}""")));

        Assert.Equal(5, await TestSetup.Client(handler, TestSetup.Options(retries: retries)).GetCreditsAsync(CancellationToken.None));
        Assert.Equal(2, handler.Count(Credits));
        var notice = Assert.Single(retries);
        Assert.Equal(TransientFaultKind.ConnectionFailed, notice.Kind);
        Assert.Null(notice.StatusCode);
    }

    [Fact]
    public async Task Retries_an_attempt_that_outlives_its_timeout_but_not_the_callers_cancellation()
    {
        var options = TestSetup.Options();
        options.AttemptTimeout = TimeSpan.FromMilliseconds(100);
        var handler = new ScriptedHandler().On(
            Credits,
            async (_, token) =>
            {
                await Task.Delay(Timeout.Infinite, token);
                throw new InvalidOperationException("unreachable");
            },
            (_, _) => Task.FromResult(Answer.Json("""{"code":0,"data":{"credits":7}}""")));

        Assert.Equal(7, await TestSetup.Client(handler, options).GetCreditsAsync(CancellationToken.None));

        var hanging = new ScriptedHandler().On(Credits, async (_, token) =>
        {
            await Task.Delay(Timeout.Infinite, token);
            throw new InvalidOperationException("unreachable");
        });
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        var slowAttempts = TestSetup.Options();
        slowAttempts.AttemptTimeout = TimeSpan.FromSeconds(30);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            TestSetup.Client(hanging, slowAttempts).GetCreditsAsync(cancel.Token));
        Assert.Equal(1, hanging.Count(Credits));
    }

    [Fact]
    public async Task Gives_up_after_the_configured_retries_with_a_transient_error()
    {
        var handler = new ScriptedHandler().On(Credits, Answer.Status(HttpStatusCode.ServiceUnavailable, "busy"));
        var options = TestSetup.Options();
        options.MaxRetries = 2;

        var error = await Assert.ThrowsAsync<GrsaiTransientException>(() => TestSetup.Client(handler, options).GetCreditsAsync(CancellationToken.None));

        Assert.Equal(3, handler.Count(Credits));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
    }

    [Fact]
    public async Task Never_retries_a_rejected_key()
    {
        var handler = new ScriptedHandler().On(Credits, Answer.Status(HttpStatusCode.Unauthorized, """{"code":-1,"msg":"unauthorized"}"""));

        var error = await Assert.ThrowsAsync<GrsaiAuthenticationException>(() => TestSetup.Client(handler).GetCreditsAsync(CancellationToken.None));

        Assert.Equal(1, handler.Count(Credits));
        Assert.True(error.DoomsKey);
        Assert.Equal("ApiKeyRejected", error.ErrorId);
    }

    [Theory]
    [InlineData(HttpStatusCode.PaymentRequired, "")]
    [InlineData(HttpStatusCode.OK, """{"code":-1,"msg":"积分不足"}""")]
    [InlineData(HttpStatusCode.OK, """{"code":-1,"msg":"Insufficient credits"}""")]
    public async Task Never_retries_missing_credits(HttpStatusCode status, string body)
    {
        var handler = new ScriptedHandler().On(Draw, Answer.Json(body, status));

        var error = await Assert.ThrowsAsync<GrsaiCreditsExhaustedException>(() =>
            TestSetup.Client(handler).SubmitAsync(TestSetup.Request(), CancellationToken.None));

        Assert.Equal(1, handler.Count(Draw));
        Assert.True(error.DoomsKey);
    }

    [Fact]
    public async Task Never_retries_a_bad_request()
    {
        var handler = new ScriptedHandler().On(Draw, Answer.Json("""{"code":-1,"msg":"prompt too long"}""", HttpStatusCode.BadRequest));

        var error = await Assert.ThrowsAsync<GrsaiRequestRejectedException>(() =>
            TestSetup.Client(handler).SubmitAsync(TestSetup.Request(), CancellationToken.None));

        Assert.Equal(1, handler.Count(Draw));
        Assert.Contains("prompt too long", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Never_retries_moderation()
    {
        var handler = new ScriptedHandler().On(
            Draw, Answer.Json("""{"id":"t-m","failure_reason":"input_moderation","error":"refused"}"""));

        await Assert.ThrowsAsync<GrsaiModerationException>(() =>
            TestSetup.StreamClient(handler).GenerateAsync(TestSetup.Request(), TestSetup.Record([]), null, CancellationToken.None));

        Assert.Equal(1, handler.Count(Draw));
    }

    [Fact]
    public async Task Retries_a_generation_the_service_certainly_did_not_accept_and_announces_the_task_once()
    {
        var ids = new List<string>();
        var handler = new ScriptedHandler().On(
            Draw,
            (_, _) => Task.FromResult(Answer.TooMany(TimeSpan.Zero)),
            Answer.Reset(),
            (_, _) => Task.FromResult(Answer.Status(HttpStatusCode.ServiceUnavailable)),
            (_, _) => Task.FromResult(Answer.Stream(ScriptedStream.OfText(
                $"data: {Answer.Snapshot("t-r", "succeeded", 100, "https://files.example.test/t-r.png")}\n"))));

        var result = await TestSetup.StreamClient(handler).GenerateAsync(TestSetup.Request(), TestSetup.Record(ids), null, CancellationToken.None);

        Assert.Equal("t-r", result.Id);
        Assert.Equal(4, handler.Count(Draw));
        Assert.Equal(["t-r"], ids);
    }

    [Fact]
    public async Task Does_not_retry_a_submission_whose_answer_broke_after_acceptance()
    {
        var handler = new ScriptedHandler().On(
            Draw, Answer.Stream(ScriptedStream.OfText("""{"code":0,"data":""", ScriptedStream.Ending.Break), "application/json"));

        await Assert.ThrowsAsync<GrsaiTransientException>(() => TestSetup.Client(handler).SubmitAsync(TestSetup.Request(), CancellationToken.None));

        Assert.Equal(1, handler.Count(Draw));
    }
}
