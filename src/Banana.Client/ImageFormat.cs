using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Banana.Client
{
    /// <summary>
    /// Recognises image files by their bytes, not their names: a ".jpg" that is really an HTML error page
    /// (or half a PNG) must never pass as an image. Used for downloads here and for input files by the engine.
    /// </summary>
    public static class ImageFormat
    {
        public const string Png = "png";
        public const string Jpeg = "jpeg";
        public const string WebP = "webp";
        public const string Gif = "gif";
        public const string Bmp = "bmp";

        /// <summary>How many leading bytes <see cref="Detect(ReadOnlySpan{byte})"/> needs to recognise every format.</summary>
        public const int HeaderLength = 16;

        /// <summary>How many trailing bytes the completeness check looks at (a PNG's IEND chunk is 12).</summary>
        internal const int TailLength = 12;

        private static readonly byte[] PngSignature = { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A };
        private static readonly byte[] PngEnd = { 0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82 };

        /// <summary>The format whose signature starts <paramref name="header"/>, or null when it is none of them.</summary>
        public static string? Detect(byte[] header)
        {
            if (header is null)
            {
                throw new ArgumentNullException(nameof(header));
            }

            return Detect(new ReadOnlySpan<byte>(header));
        }

        /// <summary>The format whose signature starts <paramref name="header"/>: png, jpeg, webp, gif, bmp or null.</summary>
        public static string? Detect(ReadOnlySpan<byte> header)
        {
            if (header.StartsWith(PngSignature))
            {
                return Png;
            }

            if (header.Length >= 3 && header[0] == 0xFF && header[1] == 0xD8 && header[2] == 0xFF)
            {
                return Jpeg;
            }

            if (header.Length >= 12 && IsAscii(header.Slice(0, 4), "RIFF") && IsAscii(header.Slice(8, 4), "WEBP"))
            {
                return WebP;
            }

            if (header.Length >= 6 && (IsAscii(header.Slice(0, 6), "GIF87a") || IsAscii(header.Slice(0, 6), "GIF89a")))
            {
                return Gif;
            }

            // "BM" alone is too weak (text can start with it): the four reserved bytes of a BMP header are zero.
            if (header.Length >= 10 && header[0] == (byte)'B' && header[1] == (byte)'M'
                && header[6] == 0 && header[7] == 0 && header[8] == 0 && header[9] == 0)
            {
                return Bmp;
            }

            return null;
        }

        /// <summary>The MIME type of a format returned by <see cref="Detect(ReadOnlySpan{byte})"/>, or null.</summary>
        public static string? MimeType(string? format) => format switch
        {
            Png => "image/png",
            Jpeg => "image/jpeg",
            WebP => "image/webp",
            Gif => "image/gif",
            Bmp => "image/bmp",
            _ => null,
        };

        /// <summary>The usual file extension (with dot) of a format, or null.</summary>
        public static string? FileExtension(string? format) => format switch
        {
            Png => ".png",
            Jpeg => ".jpg",
            WebP => ".webp",
            Gif => ".gif",
            Bmp => ".bmp",
            _ => null,
        };

        /// <summary>Reads the first bytes of a file and detects its format (null when it is not an image).</summary>
        public static async Task<string?> DetectFileAsync(string path, CancellationToken cancellationToken)
        {
            using var file = OpenForReading(path);
            var header = await ReadUpToAsync(file, HeaderLength, cancellationToken).ConfigureAwait(false);
            return Detect(header);
        }

        /// <summary>
        /// True when a file is an image whose ending is intact too (PNG IEND chunk, JPEG FFD9, GIF trailer,
        /// WebP/BMP declared size): what a resumed batch checks before trusting an output it finds on disk.
        /// </summary>
        public static async Task<bool> IsCompleteImageFileAsync(string path, CancellationToken cancellationToken)
        {
            using var file = OpenForReading(path);
            var length = file.Length;
            var header = await ReadUpToAsync(file, HeaderLength, cancellationToken).ConfigureAwait(false);
            file.Seek(Math.Max(0, length - TailLength), SeekOrigin.Begin);
            var tail = await ReadUpToAsync(file, TailLength, cancellationToken).ConfigureAwait(false);
            return DescribeDefect(header, tail, length) is null;
        }

        /// <summary>
        /// <see cref="IsCompleteImageFileAsync"/> with plain blocking reads: a resumed batch checks every result it finds
        /// (50,000 in a large batch) before its first request, and for two reads of a few bytes the asynchronous file
        /// machinery cost several times the reads themselves.
        /// </summary>
        public static bool IsCompleteImageFile(string path)
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.None);
            var length = file.Length;
            var header = ReadUpTo(file, HeaderLength);
            file.Seek(Math.Max(0, length - TailLength), SeekOrigin.Begin);
            var tail = ReadUpTo(file, TailLength);
            return DescribeDefect(header, tail, length) is null;
        }

        /// <summary>Null when the bytes are a whole image; otherwise why not, in words fit for an error message.</summary>
        internal static string? DescribeDefect(ReadOnlySpan<byte> header, ReadOnlySpan<byte> tail, long length)
        {
            var format = Detect(header);
            if (format is null)
            {
                return length == 0 ? "the answer was empty" : $"the answer is not an image ({length} bytes)";
            }

            var complete = format switch
            {
                Png => tail.EndsWith(PngEnd),
                Jpeg => tail.Length >= 2 && tail[tail.Length - 2] == 0xFF && tail[tail.Length - 1] == 0xD9,
                Gif => tail.Length >= 1 && tail[tail.Length - 1] == 0x3B,
                WebP => ReadUInt32LittleEndian(header.Slice(4)) + 8L == length,
                Bmp => ReadUInt32LittleEndian(header.Slice(2)) == length,
                _ => false,
            };
            return complete ? null : $"the {format} image is truncated ({length} bytes, its ending is missing)";
        }

        private static FileStream OpenForReading(string path)
            => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, useAsync: true);

        private static async Task<byte[]> ReadUpToAsync(Stream stream, int count, CancellationToken cancellationToken)
        {
            var buffer = new byte[count];
            var filled = 0;
            while (filled < count)
            {
                var read = await stream.ReadAsync(buffer, filled, count - filled, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                filled += read;
            }

            return filled == count ? buffer : new ReadOnlySpan<byte>(buffer, 0, filled).ToArray();
        }

        private static byte[] ReadUpTo(Stream stream, int count)
        {
            var buffer = new byte[count];
            var filled = 0;
            while (filled < count)
            {
                var read = stream.Read(buffer, filled, count - filled);
                if (read == 0)
                {
                    break;
                }

                filled += read;
            }

            return filled == count ? buffer : new ReadOnlySpan<byte>(buffer, 0, filled).ToArray();
        }

        private static bool IsAscii(ReadOnlySpan<byte> bytes, string text)
        {
            for (var i = 0; i < text.Length; i++)
            {
                if (bytes[i] != text[i])
                {
                    return false;
                }
            }

            return true;
        }

        private static uint ReadUInt32LittleEndian(ReadOnlySpan<byte> bytes)
            => bytes.Length < 4 ? 0u : (uint)(bytes[0] | bytes[1] << 8 | bytes[2] << 16 | bytes[3] << 24);
    }
}
