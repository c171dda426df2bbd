using System.Net;
using Banana.Client.Tests.Fakes;
using Xunit;

namespace Banana.Client.Tests.Client;

/// <summary>The service may echo the request (and the key) in its errors: none of that may reach a message or a log.</summary>
public sealed class KeySecrecyTests
{
    private const string Draw = "/v1/draw/nano-banana";
    private const string Credits = "/client/openapi/getAPIKeyCredits";
    private static readonly string Echo = $"request with key {TestSetup.ApiKey} refused";

    public static TheoryData<string, HttpResponseMessage> EchoingAnswers => new()
    {
        { "401", Answer.Json($$"""{"code":-1,"msg":"{{Echo}}"}""", HttpStatusCode.Unauthorized) },
        { "invalid key", Answer.Json($$"""{"code":-1,"msg":"invalid api key {{TestSetup.ApiKey}}"}""") },
        { "credits", Answer.Json($$"""{"code":-1,"msg":"积分不足 {{TestSetup.ApiKey}}"}""") },
        { "rejected", Answer.Json($$"""{"code":-1,"msg":"{{Echo}}"}""") },
        { "400", Answer.Json($$"""{"code":-1,"msg":"{{Echo}}"}""", HttpStatusCode.BadRequest) },
        { "503", Answer.Status(HttpStatusCode.ServiceUnavailable, Echo) },
        { "garbage", Answer.Json($"<html>{Echo}</html>") },
        { "moderation", Answer.Json($$"""{"id":"t-1","failure_reason":"input_moderation","error":"{{Echo}}"}""") },
        { "task failed", Answer.Json($$"""{"id":"t-1","failure_reason":"error","error":"{{Echo}}"}""") },
    };

    [Theory]
    [MemberData(nameof(EchoingAnswers))]
    public async Task No_exception_or_log_line_carries_the_key(string _, HttpResponseMessage answer)
    {
        var log = new List<string>();
        var retries = new List<RetryNotice>();
        var handler = new ScriptedHandler().On(Draw, answer);
        var options = TestSetup.Options(log: log, retries: retries, mode: SubmitMode.Stream);
        options.MaxRetries = 1;

        var error = await Assert.ThrowsAnyAsync<GrsaiException>(() =>
            TestSetup.Client(handler, options).GenerateAsync(TestSetup.Request(), TestSetup.Record([]), null, CancellationToken.None));

        Assert.DoesNotContain(TestSetup.ApiKey, Flatten(error), StringComparison.Ordinal);
        Assert.All(log, line => Assert.DoesNotContain(TestSetup.ApiKey, line, StringComparison.Ordinal));
        Assert.All(retries, r => Assert.DoesNotContain(TestSetup.ApiKey, r.Fault, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_key_is_never_in_a_url()
    {
        var handler = new ScriptedHandler()
            .On(Credits, Answer.Json("""{"code":0,"data":{"credits":1}}"""))
            .On(Draw, Answer.Json("""{"code":0,"data":{"id":"t-1"}}"""));
        var client = TestSetup.Client(handler);

        await client.GetCreditsAsync(CancellationToken.None);
        await client.SubmitAsync(TestSetup.Request(), CancellationToken.None);

        Assert.All(handler.Requests, r => Assert.DoesNotContain(TestSetup.ApiKey, r.Uri.AbsoluteUri, StringComparison.Ordinal));
        Assert.Contains(TestSetup.ApiKey, handler.Requests[0].BodyText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://grsai.example.com")]
    [InlineData("http://192.168.1.10:8080")]
    public void Refuses_to_send_the_key_over_plain_http_to_another_machine(string address)
    {
        var options = TestSetup.Options(new Uri(address));

        var error = Assert.Throws<ArgumentException>(() => new GrsaiClient(options, new ScriptedHandler().CreateClient()));

        Assert.DoesNotContain(TestSetup.ApiKey, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000")]
    [InlineData("http://localhost:5000")]
    [InlineData("http://[::1]:5000")]
    public void Allows_plain_http_to_this_machine(string address)
        => Assert.NotNull(new GrsaiClient(TestSetup.Options(new Uri(address)), new ScriptedHandler().CreateClient()));

    [Fact]
    public void Refuses_a_missing_key()
    {
        var options = TestSetup.Options();
        options.ApiKey = " ";

        Assert.Throws<ArgumentException>(() => new GrsaiClient(options));
    }

    private static string Flatten(Exception error)
    {
        var text = new System.Text.StringBuilder();
        for (var e = error; e is not null; e = e.InnerException)
        {
            text.AppendLine(e.Message).AppendLine(e.ToString());
        }

        return text.ToString();
    }
}
