using System.Globalization;

namespace Banana.Emulator.Http;

/// <summary>Writes the HTTP-level faults: error statuses, dropped connections, rejected keys.</summary>
internal static class FaultResponses
{
    /// <summary>Answers the request with the fault; false for kinds that are not an answer (a delay).</summary>
    public static async Task<bool> TryWriteAsync(HttpContext context, FaultRule rule)
    {
        switch (rule.Kind)
        {
            case FaultKind.Abort:
                context.Abort();
                return true;
            case FaultKind.RejectedKey:
                await Reply.InvalidApiKey(context).ConfigureAwait(false);
                return true;
            case FaultKind.Http429:
                context.Response.Headers.RetryAfter = rule.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                await Reply.Error(context, 429, "too many requests, please retry later", StatusCodes.Status429TooManyRequests).ConfigureAwait(false);
                return true;
            case FaultKind.Http408:
                await Reply.Error(context, 408, "request timeout", StatusCodes.Status408RequestTimeout).ConfigureAwait(false);
                return true;
            case FaultKind.Http500:
                await Reply.Error(context, 500, "internal server error", StatusCodes.Status500InternalServerError).ConfigureAwait(false);
                return true;
            case FaultKind.Http503:
                await Reply.Error(context, 503, "service unavailable", StatusCodes.Status503ServiceUnavailable).ConfigureAwait(false);
                return true;
            case FaultKind.Http502:
                await WriteProxyPageAsync(context, StatusCodes.Status502BadGateway, "502 Bad Gateway").ConfigureAwait(false);
                return true;
            case FaultKind.Http504:
                await WriteProxyPageAsync(context, StatusCodes.Status504GatewayTimeout, "504 Gateway Time-out").ConfigureAwait(false);
                return true;
            default:
                return false;
        }
    }

    /// <summary>What nginx in front of a service answers: HTML, not JSON. Clients must not choke on it.</summary>
    public static Task WriteProxyPageAsync(HttpContext context, int status, string title)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html";
        return context.Response.WriteAsync(
            $"<html><head><title>{title}</title></head><body><center><h1>{title}</h1></center><hr><center>nginx</center></body></html>",
            context.RequestAborted);
    }
}
