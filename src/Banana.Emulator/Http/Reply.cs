namespace Banana.Emulator.Http;

/// <summary>The answer shapes of the grsai API: <c>{code, msg, data}</c> envelopes and bare JSON bodies.</summary>
internal static class Reply
{
    public static Task Success(HttpContext context, object data)
        => Json(context, new Envelope(0, "success", data));

    /// <summary>An error the way the service gives it: HTTP 200 (unless told otherwise) with a non-zero code.</summary>
    public static Task Error(HttpContext context, int code, string message, int status = StatusCodes.Status200OK)
        => Json(context, new Envelope(code, message, null), status);

    public static Task InvalidApiKey(HttpContext context)
        => Error(context, -1, "invalid api key", StatusCodes.Status401Unauthorized);

    public static Task Json(HttpContext context, object body, int status = StatusCodes.Status200OK)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(body, body.GetType(), EmulatorJson.Options, context.RequestAborted);
    }

    /// <summary>The same JSON written twice in one body (the <c>duplicate-answer</c> fault), newline between.</summary>
    public static async Task JsonTwice(HttpContext context, object body, int status = StatusCodes.Status200OK)
    {
        var json = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), EmulatorJson.Options);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.ContentLength = (json.Length * 2) + 1;
        await context.Response.Body.WriteAsync(json, context.RequestAborted).ConfigureAwait(false);
        await context.Response.Body.WriteAsync("\n"u8.ToArray(), context.RequestAborted).ConfigureAwait(false);
        await context.Response.Body.WriteAsync(json, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>The draw API's success envelope around <paramref name="data"/>, for callers that write it themselves.</summary>
    public static object SuccessBody(object data) => new Envelope(0, "success", data);

    private sealed record Envelope(int Code, string Msg, object? Data);
}
