using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Banana.Client.Tests.Fakes;

/// <summary>What the fake server saw of one request (read before the request is disposed).</summary>
public sealed record SeenRequest(HttpMethod Method, Uri Uri, AuthenticationHeaderValue? Authorization, string? ContentType, byte[] Body)
{
    public string BodyText => Encoding.UTF8.GetString(Body);
}

/// <summary>
/// A fake HTTP server: each request is answered by the first route whose predicate matches, and recorded.
/// Routes answer in turn from their own queue; the last answer repeats.
/// </summary>
public sealed class ScriptedHandler : HttpMessageHandler
{
    private readonly List<Route> routes = [];
    private readonly ConcurrentQueue<SeenRequest> seen = new();

    public IReadOnlyList<SeenRequest> Requests => [.. seen];

    public int Count(string pathPart) => Requests.Count(r => r.Uri.AbsoluteUri.Contains(pathPart, StringComparison.Ordinal));

    /// <summary>Answers requests whose URL contains <paramref name="pathPart"/>, one answer per call, the last one repeating.</summary>
    public ScriptedHandler On(string pathPart, params Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>[] answers)
    {
        routes.Add(new Route(pathPart, new Queue<Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>>(answers)));
        return this;
    }

    /// <summary>Fixed answers; buffered ones are copied per request (the client disposes what it gets), streams serve once.</summary>
    public ScriptedHandler On(string pathPart, params HttpResponseMessage[] answers)
        => On(pathPart, answers.Select(Replay).ToArray());

    private static Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> Replay(HttpResponseMessage template)
    {
        if (template.Content is not ByteArrayContent)
        {
            return (_, _) => Task.FromResult(template);
        }

        return async (_, _) =>
        {
            var copy = new HttpResponseMessage(template.StatusCode) { Content = new ByteArrayContent(await template.Content.ReadAsByteArrayAsync()) };
            foreach (var header in template.Headers)
            {
                copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            foreach (var header in template.Content.Headers)
            {
                copy.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            return copy;
        };
    }

    public HttpClient CreateClient() => new(this) { Timeout = Timeout.InfiniteTimeSpan };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        seen.Enqueue(new SeenRequest(
            request.Method, request.RequestUri!, request.Headers.Authorization, request.Content?.Headers.ContentType?.ToString(), body));
        Route route;
        lock (routes)
        {
            route = routes.FirstOrDefault(r => request.RequestUri!.AbsoluteUri.Contains(r.PathPart, StringComparison.Ordinal))
                ?? throw new InvalidOperationException($"No fake route for {request.RequestUri}.");
        }

        Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> answer;
        lock (route)
        {
            answer = route.Answers.Count > 1 ? route.Answers.Dequeue() : route.Answers.Peek();
        }

        var response = await answer(request, cancellationToken);
        response.RequestMessage = request;
        return response;
    }

    private sealed record Route(string PathPart, Queue<Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>> Answers);
}

/// <summary>Ready-made answers.</summary>
public static class Answer
{
    public static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK)
        => new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    public static HttpResponseMessage Status(HttpStatusCode status, string body = "")
        => new(status) { Content = new StringContent(body) };

    public static HttpResponseMessage Stream(Stream body, string mediaType = "text/event-stream")
    {
        var content = new StreamContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
    }

    public static HttpResponseMessage Bytes(byte[] bytes, string mediaType = "image/png")
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
    }

    public static HttpResponseMessage TooMany(TimeSpan retryAfter)
    {
        var response = Status((HttpStatusCode)429, """{"code":-1,"msg":"too many requests"}""");
        response.Headers.RetryAfter = new RetryConditionHeaderValue(retryAfter);
        return response;
    }

    /// <summary>A poll answer carrying a snapshot.</summary>
    public static HttpResponseMessage Poll(string id, string status, int progress = 0, string? url = null, string failureReason = "", string error = "")
        => Json($$"""{"code":0,"msg":"success","data":{{Snapshot(id, status, progress, url, failureReason, error)}}}""");

    public static string Snapshot(string id, string status, int progress = 0, string? url = null, string failureReason = "", string error = "")
    {
        var results = url is null ? "[]" : $$"""[{"url":"{{url}}","content":""}]""";
        return $$"""{"id":"{{id}}","results":{{results}},"progress":{{progress}},"status":"{{status}}","failure_reason":"{{failureReason}}","error":"{{error}}"}""";
    }

    /// <summary>A connection reset before any answer.</summary>
    public static Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> Reset()
        => (_, _) => throw new HttpRequestException("Connection reset by peer", new IOException("Connection reset by peer"));
}
