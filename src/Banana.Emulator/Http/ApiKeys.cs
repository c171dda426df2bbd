namespace Banana.Emulator.Http;

/// <summary>Who is calling: the Bearer key, and whether the emulated service accepts it.</summary>
internal static class ApiKeys
{
    private const string BearerPrefix = "Bearer ";

    public static string? BearerOf(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        return header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase)
            ? header[BearerPrefix.Length..].Trim()
            : null;
    }

    /// <summary>Any <c>sk-</c> key is accepted unless configured as rejected.</summary>
    public static bool IsAccepted(EmulatorSettings settings, string? apiKey)
        => apiKey is not null && apiKey.StartsWith("sk-", StringComparison.Ordinal) && apiKey.Length > 3
            && !settings.RejectedKeys.Contains(apiKey, StringComparer.Ordinal);
}
