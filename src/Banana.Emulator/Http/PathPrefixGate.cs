using Banana.Emulator.State;

namespace Banana.Emulator.Http;

/// <summary>
/// Puts the API under <see cref="EmulatorSettings.PathPrefix"/>, as a service behind a proxy path would be: a request
/// under the prefix is served with the prefix moved to <c>PathBase</c> (so handed-out URLs carry it); an API request
/// outside it is answered 404 and counted, so a client that drops the path of its base address is caught.
/// </summary>
internal sealed class PathPrefixGate(EmulatorState state)
{
    private const string ControlPath = "/_emulator";

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var prefix = state.Settings.PathPrefix;
        if (prefix.Length > 0)
        {
            if (context.Request.Path.StartsWithSegments(prefix, StringComparison.Ordinal, out var matched, out var remaining))
            {
                context.Request.PathBase = context.Request.PathBase.Add(matched);
                context.Request.Path = remaining;
            }
            else if (!context.Request.Path.StartsWithSegments(ControlPath, StringComparison.Ordinal))
            {
                state.Stats.RequestOutsidePrefix();
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                await context.Response.WriteAsJsonAsync(new { error = $"not found: this service lives under {prefix}/" }).ConfigureAwait(false);
                return;
            }
        }

        await next(context).ConfigureAwait(false);
    }
}
