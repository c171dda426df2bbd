using System;
using System.IO;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;

namespace Banana.Shared
{
    /// <summary>
    /// The length and SHA-256 of a file or stream, read in chunks: a large file is never held in memory.
    /// One source, compiled into the client and the engine as an internal type of each (they share no internals).
    /// </summary>
    internal sealed record FileDigest(long Length, string Sha256)
    {
        private const int ChunkBytes = 81920;

        public static async Task<FileDigest> OfFileAsync(string path, CancellationToken cancellationToken)
        {
            using var file = OpenRead(path);
            return await OfStreamAsync(file, long.MaxValue, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// Hashes the stream, but stops once more than <paramref name="stopAfterBytes"/> have come (then the
        /// digest describes only a prefix): a URL serving a huge body is a mismatch, not something to read whole.
        /// </summary>
        public static async Task<FileDigest> OfStreamAsync(Stream stream, long stopAfterBytes, CancellationToken cancellationToken)
        {
            using var sha = SHA256.Create();
            var buffer = new byte[ChunkBytes];
            long length = 0;
            while (true)
            {
                var read = await stream.ReadAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                length += read;
                sha.TransformBlock(buffer, 0, read, null, 0);
                if (length > stopAfterBytes)
                {
                    break;
                }
            }

            sha.TransformFinalBlock(Array.Empty<byte>(), 0, 0);
            return new FileDigest(length, ToHex(sha.Hash!));
        }

        public static FileStream OpenRead(string path)
            => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, ChunkBytes, useAsync: true);

        public static string ToHex(byte[] bytes)
        {
            var chars = new char[bytes.Length * 2];
            for (var i = 0; i < bytes.Length; i++)
            {
                chars[2 * i] = HexDigit(bytes[i] >> 4);
                chars[2 * i + 1] = HexDigit(bytes[i] & 0xF);
            }

            return new string(chars);
        }

        private static char HexDigit(int value) => (char)(value < 10 ? '0' + value : 'a' + value - 10);
    }
}
