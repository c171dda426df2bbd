using System.Collections.Concurrent;

namespace Banana.Emulator.State;

/// <summary>
/// The storage host: upload tokens it issued (each good for one key) and the bytes stored under each key.
/// Uploads stay in memory until a reset: a batch uploads each distinct image once, so this stays small.
/// </summary>
internal sealed class FileStore
{
    private readonly ConcurrentDictionary<string, string> keyByToken = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, StoredFile> files = new(StringComparer.Ordinal);

    /// <summary>A fresh key (<c>&lt;uuid&gt;.&lt;ext&gt;</c>) and the token that allows storing under it.</summary>
    public (string Token, string Key) IssueToken(string extension)
    {
        var key = $"{Guid.NewGuid():N}.{extension}";
        var token = $"emu-{Guid.NewGuid():N}";
        keyByToken[token] = key;
        return (token, key);
    }

    /// <summary>Whether this token was issued for this key; a retried upload may use it again.</summary>
    public bool IsTokenFor(string? token, string? key)
        => token is not null && key is not null && keyByToken.TryGetValue(token, out var issued)
            && string.Equals(issued, key, StringComparison.Ordinal);

    public void Store(string key, byte[] bytes) => files[key] = new StoredFile(bytes, ContentTypeOf(key));

    public StoredFile? Find(string key) => files.TryGetValue(key, out var file) ? file : null;

    public void Clear()
    {
        keyByToken.Clear();
        files.Clear();
    }

    private static string ContentTypeOf(string key) => Path.GetExtension(key).ToUpperInvariant() switch
    {
        ".JPG" or ".JPEG" => "image/jpeg",
        ".PNG" => "image/png",
        ".WEBP" => "image/webp",
        ".GIF" => "image/gif",
        ".BMP" => "image/bmp",
        _ => "application/octet-stream",
    };
}

internal sealed record StoredFile(byte[] Bytes, string ContentType);
