using System.IO.Compression;
using System.Text;
using Banana.Engine.Imaging;
using SkiaSharp;
using Xunit;

namespace Banana.Engine.Tests.Imaging;

/// <summary>
/// The engine decodes every result whole before it is saved (the client's ResultCheck): what the client's structural
/// check cannot see inside compressed data, a decoder can.
/// </summary>
public sealed class ResultDecodingTests : IDisposable
{
    private readonly ScratchFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Theory]
    [InlineData(SKEncodedImageFormat.Png, "r.png")]
    [InlineData(SKEncodedImageFormat.Jpeg, "r.jpg")]
    [InlineData(SKEncodedImageFormat.Webp, "r.webp")]
    public void A_whole_result_has_no_defect(SKEncodedImageFormat format, string name)
    {
        string path = folder.WriteFile(name, Encode(format, 640, 480));

        Assert.Null(ResultDecoding.Defect(path));
    }

    [Fact]
    public void A_webp_whose_chunks_add_up_but_whose_compressed_data_stops_half_way_does_not_decode()
    {
        // Re-wrapped after a cut: the RIFF and VP8 chunk sizes fit the shorter file, so the client's structure check
        // passes it; the decoder runs out of data half way down the picture.
        byte[] webp = Encode(SKEncodedImageFormat.Webp, 640, 480);
        Assert.Equal("VP8 ", Encoding.ASCII.GetString(webp, 12, 4));
        int keep = BitConverter.ToInt32(webp, 16) / 2 & ~1;
        byte[] cut = webp[..(20 + keep)];
        BitConverter.GetBytes(keep).CopyTo(cut, 16);
        BitConverter.GetBytes(cut.Length - 8).CopyTo(cut, 4);

        string? defect = ResultDecoding.Defect(folder.WriteFile("cut.webp", cut));

        Assert.NotNull(defect);
        Assert.Contains("ends early", defect, StringComparison.Ordinal);
    }

    [Fact]
    public void A_png_whose_checksums_and_sizes_fit_but_whose_rows_name_no_filter_does_not_decode()
    {
        // Every chunk CRC right and the pixel data inflating to exactly the promised size: only decoding the rows shows
        // that their filter bytes (0-4 in PNG) are garbage.
        string? defect = ResultDecoding.Defect(folder.WriteFile("filters.png", PngWithRowFilter(filter: 9)));

        Assert.NotNull(defect);
        Assert.Null(ResultDecoding.Defect(folder.WriteFile("fine.png", PngWithRowFilter(filter: 0))));
    }

    [Fact]
    public void A_png_cut_inside_its_pixel_data_reports_how_far_it_decodes()
    {
        byte[] png = Encode(SKEncodedImageFormat.Png, 300, 200);

        string? defect = ResultDecoding.Defect(folder.WriteFile("cut.png", png[..(png.Length / 2)]));

        Assert.NotNull(defect);
    }

    private static byte[] Encode(SKEncodedImageFormat format, int width, int height)
    {
        using var bitmap = new SKBitmap(width, height);
        var random = new Random(width + height);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                bitmap.SetPixel(x, y, new SKColor((byte)(x * 255 / width), (byte)random.Next(256), (byte)(y * 255 / height)));
            }
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, 90);
        return data.ToArray();
    }

    /// <summary>A 64x64 RGB PNG of noise whose every row starts with <paramref name="filter"/>; checksums all correct.</summary>
    private static byte[] PngWithRowFilter(byte filter)
    {
        var random = new Random(11);
        using var raw = new MemoryStream();
        using (var z = new ZLibStream(raw, CompressionLevel.Fastest, leaveOpen: true))
        {
            for (int y = 0; y < 64; y++)
            {
                var row = new byte[1 + (64 * 3)];
                random.NextBytes(row);
                row[0] = filter;
                z.Write(row);
            }
        }

        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        Chunk(png, "IHDR", [0, 0, 0, 64, 0, 0, 0, 64, 8, 2, 0, 0, 0]);
        Chunk(png, "IDAT", raw.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        byte[] typeAndData = [.. Encoding.ASCII.GetBytes(type), .. data];
        png.Write(BigEndian((uint)data.Length));
        png.Write(typeAndData);
        png.Write(BigEndian(Crc32(typeAndData)));
    }

    private static byte[] BigEndian(uint value) => [(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value];

    private static uint Crc32(byte[] bytes)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in bytes)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
            }
        }

        return ~crc;
    }
}
