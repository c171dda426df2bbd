using System.Net;
using System.Security.Cryptography;
using Banana.Emulator;
using Xunit;

namespace Banana.Client.Tests.Emulator;

/// <summary>
/// The knobs that let a test shape the service: several results per task, an API under a path prefix, a CDN that
/// serves other bytes, and the per-key request count that sees a rejected key before anything refuses it.
/// </summary>
public sealed class ServiceShapeEmulatorTests
{
    [Fact]
    public async Task A_task_answers_with_as_many_distinct_whole_results_as_configured()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorSettings { ResultsPerTask = 3 });
        using var client = new EmulatorTestClient(server);

        var final = await client.WaitForFinalAsync(await client.SubmitAsync(EmulatorTestClient.Draw()));
        var urls = final.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("url").GetString()!).ToArray();
        var images = await Task.WhenAll(urls.Select(u => client.Http.GetByteArrayAsync(u)));

        Assert.Equal(3, urls.Length);
        Assert.Equal(3, urls.Distinct(StringComparer.Ordinal).Count());
        Assert.All(images, bytes => PngAssert.IsValid(bytes));
        Assert.Equal(3, images.Select(b => Convert.ToHexString(SHA256.HashData(b))).Distinct(StringComparer.Ordinal).Count());
        using var beyond = await client.Http.GetAsync(urls[0].Replace(".png", "~4.png", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, beyond.StatusCode);
        Assert.Equal(1, server.Stats.Charges);
    }

    [Fact]
    public async Task The_generate_api_carries_every_result_too()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorSettings { ResultsPerTask = 2 });
        using var client = new EmulatorTestClient(server);

        var id = await client.SubmitGenerateAsync(new { model = "nano-banana-fast", prompt = "two pears", replyType = "async" });
        var final = await EmulatorTestClient.WaitForGenerateFinalAsync(server, id);

        Assert.Equal(2, final.GetProperty("results").GetArrayLength());
    }

    [Fact]
    public async Task Under_a_path_prefix_the_api_answers_only_there_and_hands_out_urls_that_carry_it()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorSettings { PathPrefix = "/prefix" });
        var prefixed = new Uri(server.BaseUri, "prefix/");
        using var client = new EmulatorTestClient(server, baseUri: prefixed);
        using var root = new EmulatorTestClient(server);

        var fileUrl = await client.UploadFormAsync(TestImages.GreyPng(), "png");
        var final = await client.WaitForFinalAsync(await client.SubmitAsync(EmulatorTestClient.Draw(urls: [fileUrl])));
        var resultUrl = final.GetProperty("results")[0].GetProperty("url").GetString()!;
        var (outside, _) = await root.PostJsonAsync("v1/draw/nano-banana", EmulatorTestClient.Draw());

        Assert.StartsWith(prefixed.AbsoluteUri + "files/", fileUrl, StringComparison.Ordinal);
        Assert.Equal("succeeded", final.GetProperty("status").GetString());
        Assert.StartsWith(prefixed.AbsoluteUri + "results/", resultUrl, StringComparison.Ordinal);
        PngAssert.IsValid(await client.Http.GetByteArrayAsync(resultUrl));
        Assert.Equal(HttpStatusCode.NotFound, outside.StatusCode);
        Assert.Equal(1, server.Stats.RequestsOutsidePrefix);
        Assert.Equal(1, server.Stats.Submissions);
        Assert.Equal(0, server.Stats.RefusalCount);
    }

    [Theory]
    [InlineData(EmulatorEndpoint.Files)]
    [InlineData(EmulatorEndpoint.Results)]
    public async Task Altered_bytes_keep_length_and_type_but_not_content(EmulatorEndpoint endpoint)
    {
        await using var server = await EmulatorServer.StartAsync();
        using var client = new EmulatorTestClient(server);
        var url = endpoint == EmulatorEndpoint.Files
            ? await client.UploadFormAsync(TestImages.GreyPng(), "png")
            : (await client.WaitForFinalAsync(await client.SubmitAsync(EmulatorTestClient.Draw()))).GetProperty("results")[0].GetProperty("url").GetString()!;
        var original = await client.Http.GetByteArrayAsync(url);
        server.AddFault(new FaultRule { Endpoint = endpoint, Kind = FaultKind.AlteredBytes, Count = 1 });

        using var altered = await client.Http.GetAsync(url);
        var bytes = await altered.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, altered.StatusCode);
        Assert.Equal("image/png", altered.Content.Headers.ContentType?.MediaType);
        Assert.Equal(original.Length, bytes.Length);
        Assert.NotEqual(original, bytes);
        Assert.Equal(1, server.Stats.FaultsInjected(FaultKind.AlteredBytes));
    }

    [Fact]
    public async Task Requests_are_counted_per_key_before_a_rejected_key_is_refused()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorSettings { RejectedKeys = ["sk-revoked"] });
        using var revoked = new EmulatorTestClient(server, "sk-revoked");
        using var good = new EmulatorTestClient(server);

        var (refused, _) = await revoked.PostJsonAsync("v1/draw/nano-banana", EmulatorTestClient.Draw());
        await revoked.PostJsonAsync("v1/draw/nano-banana", EmulatorTestClient.Draw());
        await good.SubmitAsync(EmulatorTestClient.Draw());

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(2, server.Stats.RequestsByKey["sk-revoked"]);
        Assert.Equal(1, server.Stats.RequestsByKey[EmulatorTestClient.DefaultKey]);
        Assert.Equal(0, server.Stats.SubmissionsByKey.GetValueOrDefault("sk-revoked"));
        Assert.Equal(2, server.Stats.Snapshot().RequestsByKey["sk-revoked"]);
    }

    [Fact]
    public async Task The_new_knobs_round_trip_through_the_control_api()
    {
        await using var server = await EmulatorServer.StartAsync();
        using var http = new HttpClient { BaseAddress = server.BaseUri };

        using var applied = await http.PostAsync("_emulator/config",
            new StringContent("""{ "resultsPerTask": 2, "pathPrefix": "/api" }""", System.Text.Encoding.UTF8, "application/json"));
        using var bad = await http.PostAsync("_emulator/config",
            new StringContent("""{ "pathPrefix": "api/" }""", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, applied.StatusCode);
        Assert.Equal(2, server.Settings.ResultsPerTask);
        Assert.Equal("/api", server.Settings.PathPrefix);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("/api", server.Settings.PathPrefix);
    }
}
