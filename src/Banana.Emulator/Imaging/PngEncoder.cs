using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Banana.Emulator.Imaging;

/// <summary>
/// Writes 8-bit RGB PNG files: signature, IHDR, one zlib-compressed IDAT, IEND, each chunk with its CRC-32.
/// Just enough of the format for clients to check that a download really is an image.
/// </summary>
internal static class PngEncoder
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <param name="rgbRows">Height rows of 3 x width bytes each.</param>
    public static byte[] Encode(int width, int height, Func<int, byte[]> rgbRows)
    {
        using var output = new MemoryStream();
        output.Write(Signature);

        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(0), width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bits per channel
        header[9] = 2; // colour type: RGB
        // Compression, filter and interlace methods stay 0: deflate, adaptive filtering, no interlace.
        WriteChunk(output, "IHDR", header);
        WriteChunk(output, "IDAT", Compress(height, rgbRows));
        WriteChunk(output, "IEND", []);
        return output.ToArray();
    }

    private static byte[] Compress(int height, Func<int, byte[]> rgbRows)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            for (var y = 0; y < height; y++)
            {
                zlib.WriteByte(0); // filter type "none" for this scanline
                zlib.Write(rgbRows(y));
            }
        }

        return compressed.ToArray();
    }

    private static void WriteChunk(Stream output, string type, byte[] data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        output.Write(word);

        var typeAndData = new byte[4 + data.Length];
        Encoding.ASCII.GetBytes(type, typeAndData);
        data.CopyTo(typeAndData, 4);
        output.Write(typeAndData);

        BinaryPrimitives.WriteUInt32BigEndian(word, System.IO.Hashing.Crc32.HashToUInt32(typeAndData));
        output.Write(word);
    }
}
