using Banana.Engine.Imaging;
using Xunit;

namespace Banana.Engine.Tests.Imaging;

/// <summary>What is sent for a photo: the original when it fits, otherwise a smaller upright copy; never a broken one.</summary>
public sealed class PhotoPreparerTests : IDisposable
{
    private readonly ScratchFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void A_6000x4000_phone_photo_stored_sideways_is_sent_as_an_upright_copy_within_the_limits_and_the_original_is_untouched()
    {
        byte[] original = TestPhotos.OrientedJpeg(6000, 4000, orientation: 6);
        string path = folder.WriteFile("phone.jpg", original);

        using (PreparedPhoto prepared = PhotoPreparer.Prepare(path, UploadLimits.Default, folder.Path))
        {
            Assert.True(prepared.IsCopy);
            Assert.NotEqual(path, prepared.UploadPath);
            PhotoFacts sent = TestPhotos.Inspect(prepared.UploadPath);

            // Portrait now, longest edge at the limit, and no tag left to turn it again.
            Assert.Equal((1365, 2048), (sent.Width, sent.Height));
            Assert.Equal((prepared.Width, prepared.Height), (sent.Width, sent.Height));
            Assert.True(sent.Orientation <= 1, $"orientation {sent.Orientation}");
            // The stored top-left marker is at the top right once turned a quarter clockwise.
            Assert.True(TestPhotos.Near(sent.TopRight, TestPhotos.Marker), $"top right is {sent.TopRight}");
            Assert.False(TestPhotos.Near(sent.TopLeft, TestPhotos.Marker), $"top left is {sent.TopLeft}");
            Assert.Equal(new FileInfo(prepared.UploadPath).Length, prepared.Bytes);
            Assert.True(prepared.Bytes <= UploadLimits.DefaultMaxBytes);
            Assert.Contains("6000", prepared.Reason, StringComparison.Ordinal);
        }

        Assert.Equal(original, File.ReadAllBytes(path));
        Assert.Equal(["phone.jpg"], Directory.GetFiles(folder.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void A_photo_within_the_limits_and_upright_is_sent_byte_for_byte()
    {
        string path = folder.WriteFile("small.jpg", TestPhotos.OrientedJpeg(800, 600, orientation: 1));

        using PreparedPhoto prepared = PhotoPreparer.Prepare(path, UploadLimits.Default, folder.Path);

        Assert.False(prepared.IsCopy);
        Assert.Equal(path, prepared.UploadPath);
        Assert.Equal((800, 600, "jpeg"), (prepared.Width, prepared.Height, prepared.Format));
        Assert.Null(prepared.Reason);
    }

    [Fact]
    public void A_small_photo_stored_sideways_is_turned_even_within_the_limits()
    {
        string path = folder.WriteFile("turned.jpg", TestPhotos.OrientedJpeg(600, 400, orientation: 8));

        using PreparedPhoto prepared = PhotoPreparer.Prepare(path, UploadLimits.Default, folder.Path);

        Assert.True(prepared.IsCopy);
        PhotoFacts sent = TestPhotos.Inspect(prepared.UploadPath);
        Assert.Equal((400, 600), (sent.Width, sent.Height));
        // Orientation 8 turns a quarter anticlockwise: the stored top-left goes to the bottom left, away from both top corners.
        Assert.False(TestPhotos.Near(sent.TopLeft, TestPhotos.Marker));
        Assert.False(TestPhotos.Near(sent.TopRight, TestPhotos.Marker));
    }

    [Fact]
    public void A_file_over_the_byte_limit_is_compressed_under_it_even_when_its_edges_fit()
    {
        string path = folder.WriteFile("grainy.jpg", TestPhotos.OrientedJpeg(2000, 1500, orientation: 1, quality: 100, noise: true));
        long limit = new FileInfo(path).Length / 3;

        using PreparedPhoto prepared = PhotoPreparer.Prepare(path, new UploadLimits(maxEdge: 4096, maxBytes: limit), folder.Path);

        Assert.True(prepared.IsCopy);
        Assert.True(prepared.Bytes <= limit, $"{prepared.Bytes:N0} bytes over the limit of {limit:N0}");
        Assert.True(prepared.Width <= 2000);
    }

    [Fact]
    public void An_opaque_png_over_the_edge_is_sent_as_a_jpeg_at_the_limit()
    {
        string path = folder.WriteFile("wide.png", TestImages.Png(3000, 10, 10, 200, 10));

        using PreparedPhoto prepared = PhotoPreparer.Prepare(path, UploadLimits.Default, folder.Path);

        PhotoFacts sent = TestPhotos.Inspect(prepared.UploadPath);
        Assert.Equal((2048, 7, "jpeg"), (sent.Width, sent.Height, sent.Format));
        Assert.Equal("jpeg", prepared.Format);
    }

    [Fact]
    public void A_png_with_transparency_stays_a_png_so_a_cut_out_keeps_its_see_through_background()
    {
        string path = folder.WriteFile("cutout.png", TestPhotos.TransparentPng(3000, 2000));

        using PreparedPhoto prepared = PhotoPreparer.Prepare(path, UploadLimits.Default, folder.Path);

        PhotoFacts sent = TestPhotos.Inspect(prepared.UploadPath);
        Assert.Equal((2048, 1365, "png"), (sent.Width, sent.Height, sent.Format));
        Assert.Equal(0, sent.TopRight.Alpha);
    }

    [Theory]
    [InlineData("cut-short")]
    [InlineData("damaged")]
    [InlineData("markers-only")]
    public void An_image_the_library_cannot_decode_is_refused_with_ImageUndecodable(string kind)
    {
        byte[] whole = TestPhotos.OrientedJpeg(640, 480, orientation: 1);
        byte[] bytes = kind switch
        {
            "cut-short" => whole[..(whole.Length / 2)],
            "damaged" => [.. whole[..200], .. Enumerable.Repeat((byte)0xFF, whole.Length - 200)],
            _ => MarkersOnly,
        };
        string path = folder.WriteFile(kind + ".jpg", bytes);

        var error = Assert.Throws<UnusablePhotoException>(() => PhotoPreparer.Prepare(path, UploadLimits.Default, folder.Path));

        Assert.Equal("ImageUndecodable", error.ErrorId);
        Assert.Equal(path, error.Path);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(folder.Path));
    }

    [Theory]
    [InlineData(100, 5_000_000)]
    [InlineData(2048, 1000)]
    public void Limits_too_small_to_make_sense_are_refused(int edge, long bytes)
        => Assert.Throws<ArgumentOutOfRangeException>(() => new UploadLimits(edge, bytes));

    /// <summary>
    /// Every marker in place (SOI, APP0, a 1x1 grey frame, one scan, EOI) around a few bytes that are not a picture: a
    /// file the quick check of its first bytes takes for a JPEG.
    /// </summary>
    private static readonly byte[] MarkersOnly =
    [
        0xFF, 0xD8,
        0xFF, 0xE0, 0, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0,
        0xFF, 0xC0, 0, 11, 8, 0, 1, 0, 1, 1, 1, 0x11, 0,
        0xFF, 0xDA, 0, 8, 1, 1, 0, 0, 0x3F, 0,
        0xD2, 0xFF, 0x00, 0xCF, 0xFF, 0xD0, 0x20,
        0xFF, 0xD9,
    ];
}
