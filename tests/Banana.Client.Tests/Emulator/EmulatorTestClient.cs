using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Banana.Emulator;
using Xunit;

namespace Banana.Client.Tests.Emulator;

/// <summary>
/// Raw HTTP against an emulator, the way any grsai client would talk to it, without the Banana client:
/// these tests check the emulator, so they must not depend on the code it is meant to test.
/// </summary>
internal sealed class EmulatorTestClient : IDisposable
{
    public const string DefaultKey = "sk-emulator-test";

    private readonly HttpClient http;

    /// <param name="baseUri">Where the API is (the server's root unless a test put it under a path prefix).</param>
    public EmulatorTestClient(EmulatorServer server, string apiKey = DefaultKey, Uri? baseUri = null)
    {
        http = new HttpClient { BaseAddress = baseUri ?? server.BaseUri, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
    }

    public HttpClient Http => http;

    public static object Draw(string prompt = "a red apple", string model = "nano-banana-fast", string[]? urls = null,
        string aspectRatio = "auto", string? imageSize = null, string? webHook = "-1", bool shutProgress = false)
        => new { model, prompt, urls = urls ?? [], aspectRatio, imageSize, webHook, shutProgress };

    public Task<HttpResponseMessage> PostAsync(string path, object body)
        => http.PostAsJsonAsync(path, body);

    /// <summary>Posts and parses the JSON answer, whatever the status.</summary>
    public async Task<(HttpResponseMessage Response, JsonElement Body)> PostJsonAsync(string path, object body)
    {
        var response = await http.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        return (response, JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>Submits in <c>webHook: "-1"</c> mode and returns the task id; fails the test on any other answer.</summary>
    public async Task<string> SubmitAsync(object drawBody)
    {
        var (_, body) = await PostJsonAsync("v1/draw/nano-banana", drawBody);
        Assert.True(body.GetProperty("code").GetInt32() == 0, body.ToString());
        return body.GetProperty("data").GetProperty("id").GetString()!;
    }

    public Task<(HttpResponseMessage Response, JsonElement Body)> PollAsync(string id)
        => PostJsonAsync("v1/draw/result", new { id });

    /// <summary>Polls until the task is no longer running and returns its final snapshot.</summary>
    public async Task<JsonElement> WaitForFinalAsync(string id)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            var (_, body) = await PollAsync(id);
            Assert.Equal(0, body.GetProperty("code").GetInt32());
            var snapshot = body.GetProperty("data");
            if (snapshot.GetProperty("status").GetString() != "running")
            {
                return snapshot;
            }

            await Task.Delay(20, deadline.Token);
        }
    }

    /// <summary>Streams a draw (or, with <paramref name="path"/>, a generate) and returns every <c>data:</c> frame, in order.</summary>
    public async Task<List<JsonElement>> StreamAsync(object drawBody, string path = "v1/draw/nano-banana")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(drawBody) };
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var frames = new List<JsonElement>();
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                frames.Add(JsonDocument.Parse(line["data: ".Length..]).RootElement.Clone());
            }
        }

        return frames;
    }

    /// <summary>A generate body (docs/protocol.md#generate-api) with every documented field.</summary>
    public static object Generate(string prompt = "a red apple", string model = "nano-banana-fast", string[]? images = null,
        string aspectRatio = "auto", string? imageSize = null, string replyType = "async")
        => new { model, prompt, images = images ?? [], aspectRatio, imageSize, replyType };

    /// <summary>Posts a raw JSON text (to send what a typed body cannot: wrong case, wrong types, broken JSON).</summary>
    public async Task<(HttpResponseMessage Response, string Text)> PostRawAsync(string path, string json)
    {
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        var response = await http.PostAsync(path, content);
        return (response, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Submits to the generate API in async mode and returns the task id; fails the test on any other answer.</summary>
    public async Task<string> SubmitGenerateAsync(object generateBody)
    {
        var (response, body) = await PostJsonAsync("v1/api/generate", generateBody);
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        Assert.Equal("running", body.GetProperty("status").GetString());
        return body.GetProperty("id").GetString()!;
    }

    /// <summary><c>GET /v1/api/result?id=</c> without any key (the service does not check one there).</summary>
    public static async Task<(HttpResponseMessage Response, JsonElement Body)> ResultAsync(EmulatorServer server, string id)
    {
        using var anonymous = new HttpClient { BaseAddress = server.BaseUri };
        var response = await anonymous.GetAsync("v1/api/result?id=" + Uri.EscapeDataString(id));
        var text = await response.Content.ReadAsStringAsync();
        return (response, JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>Fetches the generate result until the task is no longer running and returns it.</summary>
    public static async Task<JsonElement> WaitForGenerateFinalAsync(EmulatorServer server, string id)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            var (response, body) = await ResultAsync(server, id);
            Assert.True(response.IsSuccessStatusCode, body.ToString());
            if (body.GetProperty("status").GetString() != "running")
            {
                return body;
            }

            await Task.Delay(20, deadline.Token);
        }
    }

    /// <summary>The two-step form upload of docs/protocol.md#upload-form; returns the public URL.</summary>
    public async Task<string> UploadFormAsync(byte[] bytes, string extension = "jpg")
    {
        var (_, tokenAnswer) = await PostJsonAsync("client/resource/newUploadTokenZH", new { sux = extension });
        var data = tokenAnswer.GetProperty("data");
        var key = data.GetProperty("key").GetString()!;
        using var form = new MultipartFormDataContent
        {
            { new StringContent(data.GetProperty("token").GetString()!), "token" },
            { new StringContent(key), "key" },
            { new ByteArrayContent(bytes), "file", "photo." + extension },
        };
        using var storage = new HttpClient();
        using var stored = await storage.PostAsync(data.GetProperty("url").GetString(), form);
        stored.EnsureSuccessStatusCode();
        return data.GetProperty("domain").GetString()!.TrimEnd('/') + "/" + key;
    }

    public void Dispose() => http.Dispose();
}
