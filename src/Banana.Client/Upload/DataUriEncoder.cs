using System;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Banana.Shared;

namespace Banana.Client.Upload
{
    /// <summary>
    /// Builds <c>data:image/...;base64,...</c> references (docs/protocol.md#upload-inline). The result is
    /// necessarily one string in memory, so only files up to <see cref="GrsaiClientOptions.MaxDataUriBytes"/> qualify.
    /// </summary>
    internal static class DataUriEncoder
    {
        // A multiple of 3, so each chunk encodes to base64 without padding and the pieces simply concatenate.
        private const int ChunkBytes = 3 * 16 * 1024;

        public static async Task<string> EncodeFileAsync(string path, string mimeType, long length, CancellationToken cancellationToken)
        {
            var prefix = $"data:{mimeType};base64,";
            var text = new StringBuilder(prefix, prefix.Length + (int)((length + 2) / 3 * 4));
            using var file = FileDigest.OpenRead(path);
            var chunk = new byte[ChunkBytes];
            while (true)
            {
                var filled = await FillAsync(file, chunk, cancellationToken).ConfigureAwait(false);
                if (filled == 0)
                {
                    break;
                }

                text.Append(Convert.ToBase64String(chunk, 0, filled));
                if (filled < chunk.Length)
                {
                    break;
                }
            }

            return text.ToString();
        }

        /// <summary>The bytes inside a base64 data URI, or null when <paramref name="uri"/> is not one.</summary>
        public static byte[]? Decode(string uri)
        {
            const string marker = ";base64,";
            var at = uri.IndexOf(marker, StringComparison.OrdinalIgnoreCase);
            if (!uri.StartsWith("data:", StringComparison.OrdinalIgnoreCase) || at < 0)
            {
                return null;
            }

            try
            {
                return Convert.FromBase64String(uri.Substring(at + marker.Length));
            }
            catch (FormatException)
            {
                return null;
            }
        }

        /// <summary>Reads until the chunk is full or the file ends: a short read must not end a chunk early.</summary>
        private static async Task<int> FillAsync(Stream stream, byte[] chunk, CancellationToken cancellationToken)
        {
            var filled = 0;
            while (filled < chunk.Length)
            {
                var read = await stream.ReadAsync(chunk, filled, chunk.Length - filled, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                filled += read;
            }

            return filled;
        }
    }
}
