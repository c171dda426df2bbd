using System;
using System.Buffers;
using System.IO;
using System.IO.Compression;
using Banana.Shared;

namespace Banana.Client.Download
{
    /// <summary>
    /// Checks a saved image whole, without a native decoder: a PNG's every chunk CRC and its pixel data inflated to
    /// exactly the size its header promises; a JPEG's markers walked from SOI to EOI and, for the sequential Huffman
    /// JPEGs generators write, its compressed data decoded symbol by symbol (<see cref="JpegEntropy"/>); a WebP's RIFF
    /// chunks adding up to the file. WebP's compressed data is beyond a structural check: the engine decodes results
    /// whole as well (<see cref="GrsaiClientOptions.ResultCheck"/>), which also covers GIF and BMP, here checked at
    /// their start and end only.
    /// </summary>
    internal static class ImageStructure
    {
        /// <summary>A 16384 x 16384 RGBA image; a header promising more is a decompression bomb, not a result.</summary>
        private const long MaxPixelBytes = 1L << 30;

        /// <summary>
        /// Files up to this size have their pixel data gathered in a pooled buffer. The pool would keep a larger one (a
        /// 2K result is several MB) long after its check, on every thread that checks.
        /// </summary>
        private const long PooledPixelBytes = 1L << 20;

        /// <summary>Null when the file holds a well-formed image of <paramref name="format"/>; otherwise what is wrong.</summary>
        public static string? Defect(string path, string format)
        {
            // The reader asks for whole chunks, so a large buffer here would only be another copy (made for every result).
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096);
            using var reader = new BinaryReader(file);
            try
            {
                return format switch
                {
                    ImageFormat.Png => PngDefect(reader),
                    ImageFormat.Jpeg => JpegDefect(reader),
                    ImageFormat.WebP => WebPDefect(reader),
                    _ => null,
                };
            }
            catch (EndOfStreamException)
            {
                return $"the {format} image ends inside its own structure";
            }
            catch (InvalidDataException)
            {
                return $"the {format} image's compressed pixel data is corrupt";
            }
        }

        private static string? PngDefect(BinaryReader reader)
        {
            var stream = reader.BaseStream;
            stream.Position = 8;

            // Measured once: a file that grows while it is checked ends, for this check, where it ended then.
            var fileLength = stream.Length;

            // Chunks are read into one pooled buffer and the pixel data gathered into another, no larger than the file:
            // a copy of every chunk, made for every result, was a third of what a batch allocated.
            var pooledPixels = fileLength <= PooledPixelBytes;
            var pixels = pooledPixels ? ArrayPool<byte>.Shared.Rent((int)fileLength) : new byte[Math.Min(int.MaxValue, fileLength)];
            var chunk = ArrayPool<byte>.Shared.Rent(4096);
            try
            {
                var pixelBytes = 0;
                long expected = -1;
                var first = true;
                while (true)
                {
                    var length = ReadUInt32BigEndian(reader);
                    if (length > int.MaxValue - 4 || fileLength - stream.Position < length + 8L)
                    {
                        throw new EndOfStreamException();
                    }

                    var typeAndData = (int)length + 4;
                    if (chunk.Length < typeAndData)
                    {
                        var larger = ArrayPool<byte>.Shared.Rent(typeAndData);
                        ArrayPool<byte>.Shared.Return(chunk);
                        chunk = larger;
                    }

                    ReadExactly(reader, chunk, typeAndData);
                    if (Crc32.Compute(chunk, typeAndData) != ReadUInt32BigEndian(reader))
                    {
                        return $"the png image is corrupt (chunk '{ChunkType(chunk)}' fails its checksum)";
                    }

                    if (first && (!IsChunk(chunk, "IHDR") || length != 13 || (expected = ExpectedPixelBytes(chunk)) < 0))
                    {
                        return "the png image has no valid header chunk";
                    }

                    first = false;
                    if (IsChunk(chunk, "IDAT"))
                    {
                        Buffer.BlockCopy(chunk, 4, pixels, pixelBytes, (int)length);
                        pixelBytes += (int)length;
                    }
                    else if (IsChunk(chunk, "IEND"))
                    {
                        return stream.Position != fileLength
                            ? "the png image has bytes after its end"
                            : InflatedLength(pixels, pixelBytes, expected) == expected ? null : "the png image's pixel data does not match its size";
                    }
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(chunk);
                if (pooledPixels)
                {
                    ArrayPool<byte>.Shared.Return(pixels);
                }
            }
        }

        /// <summary>Inflates the zlib stream of the IDAT chunks, counting (never keeping) at most one byte past the expected size.</summary>
        private static long InflatedLength(byte[] zlib, int zlibLength, long expected)
        {
            if (zlibLength < 2 || (zlib[0] & 0x0F) != 8 || ((zlib[0] << 8) | zlib[1]) % 31 != 0)
            {
                return -1;
            }

            using var deflate = new DeflateStream(new MemoryStream(zlib, 2, zlibLength - 2), CompressionMode.Decompress);
            using var chunk = PooledBuffer.Rent(81920);
            var buffer = chunk.Array;
            long total = 0;
            int read;
            while (total <= expected && (read = deflate.Read(buffer, 0, buffer.Length)) > 0)
            {
                total += read;
            }

            return total;
        }

        /// <summary>Filtered scanline bytes the header promises (each row has a filter byte), or -1 for an invalid header.</summary>
        private static long ExpectedPixelBytes(byte[] ihdr)
        {
            long width = ReadUInt32BigEndian(ihdr, 4), height = ReadUInt32BigEndian(ihdr, 8);
            int depth = ihdr[12], colour = ihdr[13], interlace = ihdr[16];
            var channels = colour switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, 6 => 4, _ => 0 };
            if (width == 0 || height == 0 || width > int.MaxValue || height > int.MaxValue || channels == 0
                || depth is not (1 or 2 or 4 or 8 or 16) || interlace > 1)
            {
                return -1;
            }

            var bitsPerPixel = channels * depth;
            if (width * height * bitsPerPixel / 8 > MaxPixelBytes)
            {
                return -1;
            }

            if (interlace == 0)
            {
                return height * (1 + ((width * bitsPerPixel) + 7) / 8);
            }

            // Adam7: seven reduced images, each with its own rows; an empty pass has no rows at all.
            int[] x0 = { 0, 4, 0, 2, 0, 1, 0 }, y0 = { 0, 0, 4, 0, 2, 0, 1 }, dx = { 8, 8, 4, 4, 2, 2, 1 }, dy = { 8, 8, 8, 4, 4, 2, 2 };
            long total = 0;
            for (var pass = 0; pass < 7; pass++)
            {
                var columns = (width - x0[pass] + dx[pass] - 1) / dx[pass];
                var rows = (height - y0[pass] + dy[pass] - 1) / dy[pass];
                if (columns > 0 && rows > 0)
                {
                    total += rows * (1 + ((columns * bitsPerPixel) + 7) / 8);
                }
            }

            return total;
        }

        private static string? JpegDefect(BinaryReader reader)
        {
            var stream = reader.BaseStream;
            stream.Position = 2;
            bool frame = false, scan = false;
            var entropy = new JpegEntropy();
            while (true)
            {
                if (reader.ReadByte() != 0xFF)
                {
                    return "the jpeg image is corrupt (a segment does not start with a marker)";
                }

                var marker = reader.ReadByte();
                while (marker == 0xFF)
                {
                    marker = reader.ReadByte();
                }

                if (marker == 0xD9)
                {
                    return !frame || !scan ? "the jpeg image has no frame or no scan"
                        : stream.Position != stream.Length ? "the jpeg image has bytes after its end" : null;
                }

                if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7))
                {
                    continue;
                }

                if (marker == 0x00 || marker == 0xD8)
                {
                    return "the jpeg image is corrupt (an unexpected marker)";
                }

                var length = (reader.ReadByte() << 8) | reader.ReadByte();
                if (length < 2 || stream.Length - stream.Position < length - 2)
                {
                    throw new EndOfStreamException();
                }

                var body = reader.ReadBytes(length - 2);
                var isFrame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
                frame |= isFrame;
                var defect = marker switch
                {
                    0xC4 => entropy.ReadTables(body),
                    0xDD => entropy.ReadRestartInterval(body),
                    _ when isFrame => entropy.ReadFrame(marker, body),
                    0xDA when !frame => "the jpeg image has a scan before its frame",
                    0xDA when entropy.Walkable => entropy.WalkScan(body, reader),
                    _ => null,
                };
                if (defect is not null)
                {
                    return defect;
                }

                if (marker == 0xDA)
                {
                    scan = true;
                    if (!entropy.Walkable)
                    {
                        SkipEntropyCodedData(reader);
                    }
                }
            }
        }

        /// <summary>Moves to the next marker after a scan: 0xFF00 is a stuffed byte and 0xFFD0-D7 restart markers belong to the scan.</summary>
        private static void SkipEntropyCodedData(BinaryReader reader)
        {
            var stream = reader.BaseStream;
            while (true)
            {
                if (reader.ReadByte() != 0xFF)
                {
                    continue;
                }

                var next = reader.ReadByte();
                while (next == 0xFF)
                {
                    next = reader.ReadByte();
                }

                if (next != 0x00 && (next < 0xD0 || next > 0xD7))
                {
                    stream.Position -= 2;
                    return;
                }
            }
        }

        private static string? WebPDefect(BinaryReader reader)
        {
            var stream = reader.BaseStream;
            stream.Position = 12;
            var first = true;
            while (stream.Position < stream.Length)
            {
                var fourCc = System.Text.Encoding.ASCII.GetString(reader.ReadBytes(4));
                var size = reader.ReadUInt32();
                var padded = size + (size & 1);
                if (padded > stream.Length - stream.Position)
                {
                    throw new EndOfStreamException();
                }

                if (first)
                {
                    var head = reader.ReadBytes((int)Math.Min(size, 10));
                    var valid = fourCc switch
                    {
                        "VP8 " => head.Length >= 6 && head[3] == 0x9D && head[4] == 0x01 && head[5] == 0x2A,
                        "VP8L" => head.Length >= 1 && head[0] == 0x2F,
                        "VP8X" => size >= 10,
                        _ => false,
                    };
                    if (!valid)
                    {
                        return "the webp image has no valid image chunk";
                    }

                    stream.Position -= head.Length;
                    first = false;
                }

                stream.Position += padded;
            }

            return first ? "the webp image has no chunks" : null;
        }

        private static uint ReadUInt32BigEndian(BinaryReader reader)
            => System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(reader.ReadUInt32());

        private static void ReadExactly(BinaryReader reader, byte[] buffer, int count)
        {
            for (var done = 0; done < count;)
            {
                var read = reader.Read(buffer, done, count - done);
                done += read > 0 ? read : throw new EndOfStreamException();
            }
        }

        private static bool IsChunk(byte[] typeAndData, string type)
            => typeAndData[0] == type[0] && typeAndData[1] == type[1] && typeAndData[2] == type[2] && typeAndData[3] == type[3];

        private static uint ReadUInt32BigEndian(byte[] b, int offset)
            => (uint)(b[offset] << 24 | b[offset + 1] << 16 | b[offset + 2] << 8 | b[offset + 3]);

        private static string ChunkType(byte[] typeAndData) => System.Text.Encoding.ASCII.GetString(typeAndData, 0, 4);
    }

    /// <summary>The CRC-32 of PNG chunks (ISO 3309, the same as zip's), table-driven.</summary>
    internal static class Crc32
    {
        private static readonly uint[] Table = BuildTable();

        public static uint Compute(byte[] bytes) => Compute(bytes, bytes.Length);

        /// <summary>The CRC of the first <paramref name="count"/> bytes.</summary>
        public static uint Compute(byte[] bytes, int count)
        {
            var crc = 0xFFFFFFFFu;
            for (var i = 0; i < count; i++)
            {
                crc = Table[(crc ^ bytes[i]) & 0xFF] ^ (crc >> 8);
            }

            return crc ^ 0xFFFFFFFFu;
        }

        private static uint[] BuildTable()
        {
            var table = new uint[256];
            for (var n = 0u; n < 256; n++)
            {
                var c = n;
                for (var k = 0; k < 8; k++)
                {
                    c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
                }

                table[n] = c;
            }

            return table;
        }
    }
}
