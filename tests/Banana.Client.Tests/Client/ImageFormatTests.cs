using System.Text;
using Banana.Client.Tests.Fakes;
using Xunit;

namespace Banana.Client.Tests.Client;

public sealed class ImageFormatTests
{
    [Fact]
    public void Detects_each_format_by_its_signature()
    {
        Assert.Equal(ImageFormat.Png, ImageFormat.Detect(TestImages.GreyPng()));
        Assert.Equal(ImageFormat.Jpeg, ImageFormat.Detect(TestImages.Jpeg()));
        Assert.Equal(ImageFormat.Gif, ImageFormat.Detect(Encoding.ASCII.GetBytes("GIF89a\x01\0\x01\0")));
        Assert.Equal(ImageFormat.WebP, ImageFormat.Detect(Encoding.ASCII.GetBytes("RIFF\x10\0\0\0WEBPVP8 ")));
        Assert.Equal(ImageFormat.Bmp, ImageFormat.Detect(new byte[] { (byte)'B', (byte)'M', 58, 0, 0, 0, 0, 0, 0, 0, 54, 0 }));
    }

    [Fact]
    public void Recognises_no_image_in_html_text_or_too_few_bytes()
    {
        Assert.Null(ImageFormat.Detect(TestImages.Html()));
        Assert.Null(ImageFormat.Detect(Encoding.ASCII.GetBytes("BMW is a car brand")));
        Assert.Null(ImageFormat.Detect(new byte[] { 0x89, 0x50 }));
        Assert.Null(ImageFormat.Detect(ReadOnlySpan<byte>.Empty));
    }

    [Fact]
    public async Task Tells_a_whole_image_file_from_a_truncated_one()
    {
        var folder = Directory.CreateTempSubdirectory("banana-format-");
        try
        {
            var whole = Path.Combine(folder.FullName, "whole.png");
            var cut = Path.Combine(folder.FullName, "cut.png");
            var page = Path.Combine(folder.FullName, "page.jpg");
            await File.WriteAllBytesAsync(whole, TestImages.GreyPng());
            await File.WriteAllBytesAsync(cut, TestImages.TruncatedPng());
            await File.WriteAllBytesAsync(page, TestImages.Html());

            Assert.True(await ImageFormat.IsCompleteImageFileAsync(whole, CancellationToken.None));
            Assert.False(await ImageFormat.IsCompleteImageFileAsync(cut, CancellationToken.None));
            Assert.False(await ImageFormat.IsCompleteImageFileAsync(page, CancellationToken.None));
            Assert.Null(await ImageFormat.DetectFileAsync(page, CancellationToken.None));
            Assert.Equal(ImageFormat.Png, await ImageFormat.DetectFileAsync(cut, CancellationToken.None));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void Names_mime_types_and_extensions()
    {
        Assert.Equal("image/jpeg", ImageFormat.MimeType(ImageFormat.Jpeg));
        Assert.Equal(".webp", ImageFormat.FileExtension(ImageFormat.WebP));
        Assert.Null(ImageFormat.MimeType(null));
    }
}
