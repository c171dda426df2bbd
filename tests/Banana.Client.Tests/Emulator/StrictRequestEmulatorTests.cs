using System.Net;
using System.Text.Json;
using Banana.Emulator;
using Xunit;

namespace Banana.Client.Tests.Emulator;

/// <summary>
/// The emulator refuses what the protocol does not allow, answers it the service's way, and records every
/// refusal so a test of the client can assert that none happened.
/// </summary>
public sealed class StrictRequestEmulatorTests
{
    [Theory]
    [InlineData("""{"model":"nano-banana-fast","prompt":"a cat","urls":[],"aspectRatio":"auto","colour":"red"}""", "unknown field 'colour'")]
    [InlineData("""{"model":"nano-banana-fast","Prompt":"a cat"}""", "wrong case")]
    [InlineData("""{"model":"nano-banana-fast","prompt":"a cat","aspectratio":"auto"}""", "'aspectRatio'")]
    [InlineData("""{"prompt":"a cat"}""", "model is required")]
    [InlineData("""{"model":"nano-banana-fast"}""", "prompt is required")]
    [InlineData("""{"model":"nano-banana-fast","prompt":null}""", "prompt is required")]
    [InlineData("""{"model":"nano-banana-fast","prompt":42}""", "'prompt' must be a string")]
    [InlineData("""{"model":"nano-banana-fast","prompt":"a cat","urls":"http://x/y.jpg"}""", "'urls' must be an array of strings")]
    [InlineData("""{"model":"nano-banana-fast","prompt":"a cat","shutProgress":"true"}""", "'shutProgress' must be true or false")]
    [InlineData("""{"model":"nano-banana-fast","prompt":"a cat","imageSize":"1K"}""", "imageSize is not supported by nano-banana-fast")]
    [InlineData("""{"model":"nano-banana-fast","prompt":"a cat","images":[]}""", "unknown field 'images'")]
    [InlineData("""[1, 2]""", "JSON object")]
    public async Task Draw_refuses_with_code_minus_one_and_records_the_refusal(string json, string reason)
    {
        await using var server = await EmulatorServer.StartAsync();
        using var client = new EmulatorTestClient(server);

        var (response, text) = await client.PostRawAsync("v1/draw/nano-banana", json);
        var body = JsonDocument.Parse(text).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(-1, body.GetProperty("code").GetInt32());
        Assert.Contains(reason, body.GetProperty("msg").GetString(), StringComparison.Ordinal);
        var refusal = Assert.Single(server.Stats.Refusals);
        Assert.Equal("draw", refusal.Endpoint);
        Assert.Contains(reason, refusal.Reason, StringComparison.Ordinal);
        Assert.Equal(1, server.Stats.RefusalCount);
        Assert.Equal(0, server.Stats.Submissions);
    }

    [Theory]
    [InlineData("""{"model":"nano-banana-fast","prompt":"a cat","urls":[],"replyType":"async"}""", "unknown field 'urls'")]
    [InlineData("""{"model":"nano-banana-fast","prompt":"a cat","ReplyType":"async"}""", "wrong case")]
    [InlineData("""{"prompt":"a cat","replyType":"async"}""", "model is required")]
    [InlineData("""{"model":"nano-banana-fast","replyType":"async"}""", "prompt is required")]
    [InlineData("""{"model":"nano-banana-fast","prompt":"a cat","images":[1],"replyType":"async"}""", "'images' must be an array of strings")]
    [InlineData("""{"model":"nano-banana","prompt":"a cat","imageSize":"2K","replyType":"async"}""", "imageSize is not supported by nano-banana")]
    [InlineData("""{"model":"nano-banana-fast","prompt":"a cat","replyType":"webhook"}""", "replyType must be json, stream or async")]
    [InlineData("""{"model":"nano-banana-ultra","prompt":"a cat","replyType":"async"}""", "unsupported model: nano-banana-ultra")]
    [InlineData("""{"model":"nano-banana-fast","prompt":"a cat",""", "unexpected end of JSON input")]
    public async Task Generate_refuses_with_http_400_and_records_the_refusal(string json, string reason)
    {
        await using var server = await EmulatorServer.StartAsync();
        using var client = new EmulatorTestClient(server);

        var (response, text) = await client.PostRawAsync("v1/api/generate", json);
        var body = JsonDocument.Parse(text).RootElement;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(string.Empty, body.GetProperty("id").GetString());
        Assert.Equal("failed", body.GetProperty("status").GetString());
        Assert.Contains(reason, body.GetProperty("error").GetString(), StringComparison.Ordinal);
        var refusal = Assert.Single(server.Stats.Refusals);
        Assert.Equal("generate", refusal.Endpoint);
        Assert.Equal(0, server.Stats.Submissions);
    }

    [Fact]
    public async Task Malformed_draw_json_is_code_minus_four_and_a_refusal()
    {
        await using var server = await EmulatorServer.StartAsync();
        using var client = new EmulatorTestClient(server);

        var (_, text) = await client.PostRawAsync("v1/draw/nano-banana", """{"model":""");

        Assert.Equal(-4, JsonDocument.Parse(text).RootElement.GetProperty("code").GetInt32());
        Assert.Equal("unexpected end of JSON input", Assert.Single(server.Stats.Refusals).Reason);
    }

    [Theory]
    [InlineData("v1/draw/result", """{"id":"x","Id":"x"}""", "result")]
    [InlineData("client/resource/newUploadTokenZH", """{"sux":"jpg","size":10}""", "upload-token")]
    [InlineData("client/openapi/getAPIKeyCredits", """{"apikey":"sk-emulator-test"}""", "credits")]
    public async Task The_other_json_endpoints_refuse_unknown_fields_too(string path, string json, string endpoint)
    {
        await using var server = await EmulatorServer.StartAsync();
        using var client = new EmulatorTestClient(server);

        var (_, text) = await client.PostRawAsync(path, json);

        Assert.Equal(-1, JsonDocument.Parse(text).RootElement.GetProperty("code").GetInt32());
        Assert.Equal(endpoint, Assert.Single(server.Stats.Refusals).Endpoint);
    }

    [Fact]
    public async Task The_documented_optional_fields_are_legal_and_cause_no_refusal()
    {
        await using var server = await EmulatorServer.StartAsync();
        using var client = new EmulatorTestClient(server);

        // Exactly what a careful client sends: webHook, shutProgress and cdn are documented (docs/protocol.md#draw-request).
        var (_, submitted) = await client.PostRawAsync("v1/draw/nano-banana",
            """{"model":"nano-banana-pro","prompt":"a cat","urls":[],"aspectRatio":"16:9","imageSize":"2K","webHook":"-1","cdn":"zh"}""");
        var streamed = await client.StreamAsync(new { model = "nano-banana-fast", prompt = "a dog", urls = Array.Empty<string>(), aspectRatio = "1:1", shutProgress = false, cdn = "zh" });
        var generated = await client.SubmitGenerateAsync(EmulatorTestClient.Generate(model: "nano-banana-2", imageSize: "4K", aspectRatio: "8:1"));

        Assert.Equal(0, JsonDocument.Parse(submitted).RootElement.GetProperty("code").GetInt32());
        Assert.Equal("succeeded", streamed[^1].GetProperty("status").GetString());
        Assert.Equal("succeeded", (await EmulatorTestClient.WaitForGenerateFinalAsync(server, generated)).GetProperty("status").GetString());
        Assert.Empty(server.Stats.Refusals);
        Assert.Equal(0, server.Stats.RefusalCount);
        Assert.Equal(3, server.Stats.Submissions);
    }

    [Fact]
    public async Task A_missing_aspect_ratio_is_drawn_as_auto_the_documented_default()
    {
        await using var server = await EmulatorServer.StartAsync();
        using var client = new EmulatorTestClient(server);

        var (_, text) = await client.PostRawAsync("v1/draw/nano-banana", """{"model":"nano-banana-fast","prompt":"a cat","webHook":"-1"}""");

        Assert.Equal(0, JsonDocument.Parse(text).RootElement.GetProperty("code").GetInt32());
        Assert.Equal(1, server.Stats.SubmissionsBySignature[EmulatorStats.Signature("nano-banana-fast", "a cat", [], "auto", null)]);
        Assert.Empty(server.Stats.Refusals);
    }
}
