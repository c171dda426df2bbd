using System.Diagnostics;
using System.Net;
using Banana.Emulator;
using Xunit;

namespace Banana.Client.Tests.Emulator;

public sealed class FaultEmulatorTests
{
    [Theory]
    [InlineData(FaultKind.Http408, HttpStatusCode.RequestTimeout)]
    [InlineData(FaultKind.Http429, HttpStatusCode.TooManyRequests)]
    [InlineData(FaultKind.Http500, HttpStatusCode.InternalServerError)]
    [InlineData(FaultKind.Http502, HttpStatusCode.BadGateway)]
    [InlineData(FaultKind.Http503, HttpStatusCode.ServiceUnavailable)]
    [InlineData(FaultKind.Http504, HttpStatusCode.GatewayTimeout)]
    public async Task Http_faults_answer_their_status_for_the_next_N_requests_then_stop(FaultKind kind, HttpStatusCode status)
    {
        await using var server = await EmulatorServer.StartAsync();
        server.AddFault(new FaultRule { Endpoint = EmulatorEndpoint.Draw, Kind = kind, Count = 2, RetryAfterSeconds = 7 });
        using var client = new EmulatorTestClient(server);

        using var first = await client.PostAsync("v1/draw/nano-banana", EmulatorTestClient.Draw());
        using var second = await client.PostAsync("v1/draw/nano-banana", EmulatorTestClient.Draw());
        using var third = await client.PostAsync("v1/draw/nano-banana", EmulatorTestClient.Draw());

        Assert.Equal(status, first.StatusCode);
        Assert.Equal(status, second.StatusCode);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        Assert.Equal(1, server.Stats.Submissions);
        Assert.Equal(2, server.Stats.FaultsInjected(kind));
        if (kind == FaultKind.Http429)
        {
            Assert.Equal(TimeSpan.FromSeconds(7), first.Headers.RetryAfter?.Delta);
        }
    }

    [Fact]
    public async Task Abort_drops_the_connection_without_an_answer()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.AddFault(new FaultRule { Endpoint = EmulatorEndpoint.UploadToken, Kind = FaultKind.Abort, Count = 1 });
        using var client = new EmulatorTestClient(server);

        await Assert.ThrowsAsync<HttpRequestException>(() => client.PostAsync("client/resource/newUploadTokenZH", new { sux = "jpg" }));
        using var retried = await client.PostAsync("client/resource/newUploadTokenZH", new { sux = "jpg" });

        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(1, server.Stats.FaultsInjected(FaultKind.Abort));
    }

    [Fact]
    public async Task Delay_holds_the_request_then_answers_normally()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.AddFault(new FaultRule { Endpoint = EmulatorEndpoint.Credits, Kind = FaultKind.Delay, DelayMs = 400, Count = 1 });
        using var client = new EmulatorTestClient(server);

        var watch = Stopwatch.StartNew();
        var credits = await CreditEmulatorTests.CreditsAsync(client, EmulatorTestClient.DefaultKey);

        Assert.True(watch.ElapsedMilliseconds >= 350, $"{watch.ElapsedMilliseconds} ms");
        Assert.True(credits > 0);
        Assert.Equal(1, server.Stats.FaultsInjected(FaultKind.Delay));
    }

    [Fact]
    public async Task Stream_cut_ends_after_the_first_frame_and_the_task_finishes_for_polling()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorSettings { GenerationLatency = TimeSpan.FromMilliseconds(200) });
        server.AddFault(new FaultRule { Endpoint = EmulatorEndpoint.Draw, Kind = FaultKind.StreamCut, Count = 1 });
        using var client = new EmulatorTestClient(server);

        var frames = await client.StreamAsync(EmulatorTestClient.Draw(webHook: null));
        var only = Assert.Single(frames);
        var final = await client.WaitForFinalAsync(only.GetProperty("id").GetString()!);

        Assert.Equal("running", only.GetProperty("status").GetString());
        Assert.Equal("succeeded", final.GetProperty("status").GetString());
        Assert.Equal(1, server.Stats.Submissions);
        Assert.Equal(1, server.Stats.FaultsInjected(FaultKind.StreamCut));
    }

    [Theory]
    [InlineData(FaultKind.TaskError, "error")]
    [InlineData(FaultKind.OutputModeration, "output_moderation")]
    public async Task Task_faults_fail_the_task_with_their_reason(FaultKind kind, string reason)
    {
        await using var server = await EmulatorServer.StartAsync();
        server.AddFault(new FaultRule { Endpoint = EmulatorEndpoint.Draw, Kind = kind, Count = 1 });
        using var client = new EmulatorTestClient(server);

        var failed = await client.WaitForFinalAsync(await client.SubmitAsync(EmulatorTestClient.Draw()));
        var next = await client.WaitForFinalAsync(await client.SubmitAsync(EmulatorTestClient.Draw()));

        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Equal(reason, failed.GetProperty("failure_reason").GetString());
        Assert.False(string.IsNullOrEmpty(failed.GetProperty("error").GetString()));
        Assert.Equal("succeeded", next.GetProperty("status").GetString());
        Assert.Equal(1, server.Stats.FaultsInjected(kind));
    }

    [Fact]
    public async Task Poll_not_found_answers_minus_22_for_the_first_N_polls()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.AddFault(new FaultRule { Endpoint = EmulatorEndpoint.Result, Kind = FaultKind.PollNotFound, Count = 2 });
        using var client = new EmulatorTestClient(server);
        var id = await client.SubmitAsync(EmulatorTestClient.Draw());

        var codes = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            codes.Add((await client.PollAsync(id)).Body.GetProperty("code").GetInt32());
        }

        Assert.Equal([-22, -22, 0], codes);
        Assert.Equal(2, server.Stats.FaultsInjected(FaultKind.PollNotFound));
    }

    [Fact]
    public async Task Corrupt_html_answers_200_with_a_page_instead_of_the_image()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.AddFault(new FaultRule { Endpoint = EmulatorEndpoint.Results, Kind = FaultKind.CorruptHtml, Count = 1 });
        using var client = new EmulatorTestClient(server);
        var url = (await client.WaitForFinalAsync(await client.SubmitAsync(EmulatorTestClient.Draw())))
            .GetProperty("results")[0].GetProperty("url").GetString();

        using var corrupt = await client.Http.GetAsync(url);
        var good = await client.Http.GetByteArrayAsync(url);

        Assert.Equal(HttpStatusCode.OK, corrupt.StatusCode);
        Assert.Equal("text/html", corrupt.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("<html>", await corrupt.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        PngAssert.IsValid(good);
        Assert.Equal(1, server.Stats.Downloads);
        Assert.Equal(1, server.Stats.FaultsInjected(FaultKind.CorruptHtml));
    }

    [Fact]
    public async Task Truncated_answers_200_with_half_the_bytes()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.AddFault(new FaultRule { Endpoint = EmulatorEndpoint.Results, Kind = FaultKind.Truncated, Count = 1 });
        using var client = new EmulatorTestClient(server);
        var url = (await client.WaitForFinalAsync(await client.SubmitAsync(EmulatorTestClient.Draw())))
            .GetProperty("results")[0].GetProperty("url").GetString();

        var truncated = await client.Http.GetByteArrayAsync(url);
        var whole = await client.Http.GetByteArrayAsync(url);

        Assert.Equal(whole.Length / 2, truncated.Length);
        Assert.Equal(whole.AsSpan(0, truncated.Length).ToArray(), truncated);
        Assert.Equal(1, server.Stats.FaultsInjected(FaultKind.Truncated));
    }

    [Fact]
    public async Task Expired_answers_404_on_the_file_host_only_where_configured()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.AddFault(new FaultRule { Endpoint = EmulatorEndpoint.Files, Kind = FaultKind.Expired, Count = 1 });
        using var client = new EmulatorTestClient(server);
        var uploaded = await client.UploadFormAsync([9, 9, 9]);
        var result = await ResultImageEmulatorTests.DownloadResultAsync(client, EmulatorTestClient.Draw());

        using var expired = await client.Http.GetAsync(uploaded);
        using var later = await client.Http.GetAsync(uploaded);

        Assert.Equal(HttpStatusCode.NotFound, expired.StatusCode);
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
        PngAssert.IsValid(result.Bytes);
        Assert.Equal(1, server.Stats.FaultsInjected(FaultKind.Expired));
    }

    [Fact]
    public async Task Rejected_key_rule_retires_one_key_after_N_requests_and_spares_the_other()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.AddFault(new FaultRule { Kind = FaultKind.RejectedKey, ApiKey = "sk-first", After = 2 });
        using var first = new EmulatorTestClient(server, "sk-first");
        using var second = new EmulatorTestClient(server, "sk-second");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await first.PostAsync("v1/draw/nano-banana", EmulatorTestClient.Draw());
            statuses.Add(response.StatusCode);
        }

        using var other = await second.PostAsync("v1/draw/nano-banana", EmulatorTestClient.Draw());

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized], statuses);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Equal(2, server.Stats.FaultsInjected(FaultKind.RejectedKey));
        Assert.Equal(3, server.Stats.Submissions);
    }

    [Fact]
    public async Task Credits_exhausted_refuses_draws_and_reports_zero_credits()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.AddFault(new FaultRule { Kind = FaultKind.CreditsExhausted });
        using var client = new EmulatorTestClient(server);

        var (_, refused) = await client.PostJsonAsync("v1/draw/nano-banana", EmulatorTestClient.Draw());
        var credits = await CreditEmulatorTests.CreditsAsync(client, EmulatorTestClient.DefaultKey);

        Assert.Equal(-1, refused.GetProperty("code").GetInt32());
        Assert.Equal("credits not enough", refused.GetProperty("msg").GetString());
        Assert.Equal(0, credits);
        Assert.Equal(0, server.Stats.Submissions);
        Assert.Equal(0, server.Stats.Charges);
        Assert.Equal(2, server.Stats.FaultsInjected(FaultKind.CreditsExhausted));
    }

    [Fact]
    public async Task Probability_rules_with_the_same_seed_fault_the_same_requests()
    {
        var rule = new FaultRule { Endpoint = EmulatorEndpoint.Credits, Kind = FaultKind.Http503, Probability = 0.2, Seed = 42 };
        var first = await FaultPatternAsync(rule);
        var second = await FaultPatternAsync(rule);

        Assert.Equal(first, second);
        Assert.InRange(first.Count(faulted => faulted), 8, 32);
    }

    [Fact]
    public async Task Rules_can_be_replaced_at_runtime_through_configure()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorSettings
        {
            Faults = [new FaultRule { Endpoint = EmulatorEndpoint.Credits, Kind = FaultKind.Http500 }],
        });
        using var client = new EmulatorTestClient(server);
        using var before = await client.PostAsync("client/openapi/getAPIKeyCredits", new { apiKey = EmulatorTestClient.DefaultKey });

        server.Configure(settings => settings with { Faults = [] });
        using var after = await client.PostAsync("client/openapi/getAPIKeyCredits", new { apiKey = EmulatorTestClient.DefaultKey });

        Assert.Equal(HttpStatusCode.InternalServerError, before.StatusCode);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(1, server.Stats.FaultsInjected(FaultKind.Http500));
    }

    private static async Task<List<bool>> FaultPatternAsync(FaultRule rule)
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorSettings { Faults = [rule] });
        using var client = new EmulatorTestClient(server);
        var pattern = new List<bool>();
        for (var i = 0; i < 100; i++)
        {
            using var response = await client.PostAsync("client/openapi/getAPIKeyCredits", new { apiKey = EmulatorTestClient.DefaultKey });
            pattern.Add(response.StatusCode == HttpStatusCode.ServiceUnavailable);
        }

        return pattern;
    }
}
