using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Banana.TestSupport;

/// <summary>
/// Small real images (and things that only look like them), written byte by byte so no test needs an imaging library.
/// Every image decodes in a browser; a different colour or seed gives different bytes (a different hash).
/// The emulator has its own encoder on purpose: it is the service's stand-in and shares nothing with the tests.
/// </summary>
public static class TestImages
{
    private static readonly uint[] CrcTable = BuildCrcTable();

    /// <summary>A solid-colour RGB PNG.</summary>
    public static byte[] Png(int width, int height, byte red, byte green, byte blue) => Png(width, height, red, green, blue, shade: 0);

    /// <summary>An RGB PNG of one colour darkening softly along the diagonal, for reports a person looks at.</summary>
    public static byte[] ShadedPng(int width, int height, byte red, byte green, byte blue) => Png(width, height, red, green, blue, shade: 40);

    /// <summary>A 1x1 grey PNG; <paramref name="shade"/> makes distinct files.</summary>
    public static byte[] GreyPng(byte shade = 0x80) => Png(1, 1, shade, shade, shade);

    /// <summary>A PNG cut short: the signature is right, the IEND chunk (and the end of IDAT) is missing.</summary>
    public static byte[] TruncatedPng() => GreyPng()[..^20];

    /// <summary>The colour a seed stands for: any 256 consecutive seeds give 256 distinct colours.</summary>
    public static byte[] SeedColour(int seed) => [(byte)(seed * 67), (byte)(seed * 131 + 80), (byte)(seed * 29 + 160)];

    /// <summary>A solid PNG in the colour of <paramref name="seed"/>.</summary>
    public static byte[] SeededPng(int seed, int width, int height)
    {
        byte[] rgb = SeedColour(seed);
        return Png(width, height, rgb[0], rgb[1], rgb[2]);
    }

    /// <summary>
    /// A small whole JPEG (16x8 grey noise, written by libjpeg-turbo's <c>cjpeg -quality 95 -restart 1B</c>) whose
    /// compressed data holds a stuffed 0xFF and a restart marker: what the client's JPEG check walks through.
    /// </summary>
    public static byte[] Jpeg() => Convert.FromBase64String(
        "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAIBAQEBAQIBAQECAgICAgQDAgICAgUEBAMEBgUGBgYFBgYGBwkIBgcJBwYGCAsICQoK"
        + "CgoKBggLDAsKDAkKCgr/wAALCAAIABABAREA/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUF"
        + "BAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVW"
        + "V1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi"
        + "4+Tl5ufo6erx8vP09fb3+Pn6/90ABAAB/9oACAEBAAA/AMzxXrvwT8Ev4u8J/DnxB48+F2l33jDUtP8AD2o+D/iXqGlWtxNeTfYb"
        + "Sy1KfRmeC6jsLSV/ELLCCY5L27snXzrW8F7/AP/Q7X9lm/svH2la34/8IeHfEGpxrqzaQvg7wt8NtUu9RubK1k1TVtNhtftmn2Gn"
        + "2l2upxatq6XQjV7a4uYIDc2JjgNz/9k=");

    /// <summary>A real JPEG made distinct: a comment segment naming the seed right after the start marker. Same picture, new bytes.</summary>
    public static byte[] SeededJpeg(byte[] photo, int seed)
    {
        ArgumentNullException.ThrowIfNull(photo);
        byte[] note = Encoding.ASCII.GetBytes($"banana test {seed}");
        int length = note.Length + 2;
        return [0xFF, 0xD8, 0xFF, 0xFE, (byte)(length >> 8), (byte)length, .. note, .. photo.AsSpan(2)];
    }

    /// <summary>An error page, as a proxy answers where an image was expected.</summary>
    public static byte[] Html() => Encoding.UTF8.GetBytes("<!DOCTYPE html><html><body>502 Bad Gateway</body></html>");

    /// <summary>A solid square 24-bit BMP (BITMAPINFOHEADER; rows padded to 4 bytes, stored blue-green-red).</summary>
    public static byte[] Bmp(int side, byte red, byte green, byte blue)
    {
        int row = (side * 3 + 3) / 4 * 4;
        int pixels = row * side;
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, Encoding.ASCII, leaveOpen: true))
        {
            w.Write("BM"u8);
            w.Write((uint)(54 + pixels));
            w.Write(0u);
            w.Write(54u);
            w.Write(40u);
            w.Write(side);
            w.Write(side);
            w.Write((ushort)1);
            w.Write((ushort)24);
            w.Write(0u);
            w.Write((uint)pixels);
            w.Write(2835);
            w.Write(2835);
            w.Write(0u);
            w.Write(0u);
            var line = new byte[row];
            for (int x = 0; x < side; x++)
            {
                line[3 * x] = blue;
                line[(3 * x) + 1] = green;
                line[(3 * x) + 2] = red;
            }

            for (int y = 0; y < side; y++)
            {
                w.Write(line);
            }
        }

        return stream.ToArray();
    }

    /// <summary>A one-pixel GIF: colour 0 of a two-colour table. LZW codes clear (4), 0, end (5) at 3 bits each pack into 44 01.</summary>
    public static byte[] Gif(byte red, byte green, byte blue)
        => [.. "GIF89a"u8, 1, 0, 1, 0, 0x80, 0, 0, red, green, blue, 255, 255, 255, 0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 0x01, 0, 0x3B];

    /// <summary>
    /// A solid square lossless WebP (VP8L): no transforms, no colour cache, and five one-symbol prefix codes (green, red,
    /// blue, alpha, distance). A one-symbol code takes no bits, so every pixel is that colour and the pixel data is empty.
    /// </summary>
    public static byte[] WebP(int side, byte red, byte green, byte blue)
    {
        var bits = new List<bool>();
        void Put(int value, int count)
        {
            for (int i = 0; i < count; i++)
            {
                bits.Add(((value >> i) & 1) == 1);
            }
        }

        Put(side - 1, 14); Put(side - 1, 14); Put(0, 1); Put(0, 3); // size, no alpha, version 0
        Put(0, 1); Put(0, 1); Put(0, 1);                           // no transform, no colour cache, no meta codes
        foreach (byte symbol in new[] { green, red, blue, (byte)255 })
        {
            Put(1, 1); Put(0, 1); Put(1, 1); Put(symbol, 8);       // simple code, one 8-bit symbol
        }

        Put(1, 1); Put(0, 1); Put(0, 1); Put(0, 1);                // distance code: symbol 0
        var data = new byte[(bits.Count + 7) / 8];
        for (int i = 0; i < bits.Count; i++)
        {
            if (bits[i])
            {
                data[i >> 3] |= (byte)(1 << (i % 8));
            }
        }

        byte[] chunk = [0x2F, .. data];
        int padding = chunk.Length % 2;
        using var webp = new MemoryStream();
        webp.Write("RIFF"u8);
        WriteLittleEndian(webp, (uint)(4 + 8 + chunk.Length + padding));
        webp.Write("WEBPVP8L"u8);
        WriteLittleEndian(webp, (uint)chunk.Length);
        webp.Write(chunk);
        webp.Write(new byte[padding]);
        return webp.ToArray();
    }

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/>, creating its folder first.</summary>
    public static void Write(string path, byte[] bytes)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllBytes(path, bytes);
    }

    private static byte[] Png(int width, int height, byte red, byte green, byte blue, int shade)
    {
        var scanlines = new byte[height * (1 + (width * 3))];
        for (int y = 0, i = 0; y < height; y++)
        {
            scanlines[i++] = 0; // filter: none
            for (int x = 0; x < width; x++)
            {
                int darker = shade * (x + y) / (width + height);
                scanlines[i++] = (byte)Math.Max(0, red - darker);
                scanlines[i++] = (byte)Math.Max(0, green - darker);
                scanlines[i++] = (byte)Math.Max(0, blue - darker);
            }
        }

        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bits per channel
        header[9] = 2; // colour type: RGB

        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            zlib.Write(scanlines);
        }

        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        WriteChunk(png, "IHDR", header);
        WriteChunk(png, "IDAT", compressed.ToArray());
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void WriteChunk(Stream png, string type, byte[] data)
    {
        byte[] typeAndData = [.. Encoding.ASCII.GetBytes(type), .. data];
        var number = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(number, data.Length);
        png.Write(number);
        png.Write(typeAndData);
        BinaryPrimitives.WriteUInt32BigEndian(number, Crc32(typeAndData));
        png.Write(number);
    }

    private static void WriteLittleEndian(Stream stream, uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        stream.Write(bytes);
    }

    private static uint Crc32(byte[] bytes)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in bytes)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return ~crc;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
