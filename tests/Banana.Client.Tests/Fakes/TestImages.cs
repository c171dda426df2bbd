using System.IO.Compression;
using System.Text;

namespace Banana.Client.Tests.Fakes;

/// <summary>Small real images (and things that only look like them) built in memory.</summary>
public static class TestImages
{
    /// <summary>A valid 1x1 PNG; <paramref name="shade"/> makes distinct files.</summary>
    public static byte[] Png(byte shade = 0x80)
    {
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        Chunk(png, "IHDR", [0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
        using var raw = new MemoryStream();
        using (var z = new ZLibStream(raw, CompressionLevel.Optimal, leaveOpen: true))
        {
            z.Write([0, shade, shade, shade]);
        }

        Chunk(png, "IDAT", raw.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>
    /// A small JPEG whose markers are all in place (SOI, APP0, a 1x1 grey frame, one scan with a stuffed 0xFF and a
    /// restart marker in its data, EOI): what the structural check walks. Its entropy data is not meant to decode.
    /// </summary>
    public static byte[] Jpeg() =>
    [
        0xFF, 0xD8,
        0xFF, 0xE0, 0, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0,
        0xFF, 0xC0, 0, 11, 8, 0, 1, 0, 1, 1, 1, 0x11, 0,
        0xFF, 0xDA, 0, 8, 1, 1, 0, 0, 0x3F, 0,
        0xD2, 0xFF, 0x00, 0xCF, 0xFF, 0xD0, 0x20,
        0xFF, 0xD9,
    ];

    public static byte[] Html() => Encoding.UTF8.GetBytes("<!DOCTYPE html><html><body>502 Bad Gateway</body></html>");

    /// <summary>A PNG cut short: the signature is right, the IEND chunk is missing.</summary>
    public static byte[] TruncatedPng() => Png()[..^20];

    private static void Chunk(Stream png, string type, byte[] data)
    {
        var typeBytes = Encoding.ASCII.GetBytes(type);
        png.Write(BigEndian((uint)data.Length));
        png.Write(typeBytes);
        png.Write(data);
        png.Write(BigEndian(Crc([.. typeBytes, .. data])));
    }

    private static byte[] BigEndian(uint value) => [(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value];

    private static uint Crc(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return crc ^ 0xFFFFFFFFu;
    }
}
