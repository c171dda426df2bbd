using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Banana.Emulator.Http;
using Banana.Emulator.State;

namespace Banana.Emulator.Draw;

/// <summary>
/// The reference images of a draw request: the emulator can "fetch" its own uploaded files and inline data
/// URIs; anything else fails the task as an unreachable URL would on the real service.
/// </summary>
internal static class ReferenceImages
{
    /// <summary>The first URL that cannot be fetched, or null when all can.</summary>
    public static string? FindUnreachable(IEnumerable<string> urls, HttpRequest request, FileStore files)
        => urls.FirstOrDefault(url => !IsReachable(url, request, files));

    /// <summary>The URL as the task keeps it: a data URI shrinks to its digest so thousands of tasks stay small.</summary>
    public static string Compact(string url)
    {
        if (!url.StartsWith("data:", StringComparison.Ordinal))
        {
            return url;
        }

        var comma = url.IndexOf(',', StringComparison.Ordinal);
        var header = comma < 0 ? "data:" : url[..comma];
        return $"{header};sha256={Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(url)))}";
    }

    private static bool IsReachable(string url, HttpRequest request, FileStore files)
    {
        if (url.StartsWith("data:", StringComparison.Ordinal))
        {
            var comma = url.IndexOf(',', StringComparison.Ordinal);
            return comma > 0
                && url.AsSpan(0, comma).EndsWith(";base64", StringComparison.OrdinalIgnoreCase)
                && comma < url.Length - 1
                && Base64.IsValid(url.AsSpan(comma + 1));
        }

        var filesPrefix = request.PathBase + ServiceRoutes.Files;
        return Uri.TryCreate(url, UriKind.Absolute, out var uri)
            && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase)
            && uri.AbsolutePath.StartsWith(filesPrefix, StringComparison.Ordinal)
            && files.Find(Uri.UnescapeDataString(uri.AbsolutePath[filesPrefix.Length..])) is not null;
    }
}
