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

    private sealed record Envelope(int Code, string Msg, object? Data);
}
