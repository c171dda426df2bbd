using System.Text.Json;

namespace Banana.Emulator.Http;

/// <summary>Reads a control-API JSON body (leniently: these are the emulator's own settings, not the protocol).</summary>
internal static class RequestBody
{
    /// <summary>The body, or null when it is not JSON of the expected shape.</summary>
    public static async Task<T?> ReadJsonAsync<T>(HttpContext context)
        where T : class
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(context.Request.Body, EmulatorJson.Options, context.RequestAborted)
                .ConfigureAwait(false);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The address clients used to reach this server (with the path prefix, if any), for the URLs it hands out.</summary>
    public static string BaseUrlOf(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}";
}
