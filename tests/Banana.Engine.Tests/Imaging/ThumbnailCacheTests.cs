using Banana.Engine.Imaging;
using Xunit;

namespace Banana.Engine.Tests.Imaging;

/// <summary>The report's small copies: made once, upright, small, and never in the way of a result.</summary>
public sealed class ThumbnailCacheTests : IDisposable
{
    private readonly ScratchFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void Each_image_gets_one_small_upright_thumbnail_in_dot_thumbs_made_once()
    {
        string result = folder.WriteFile("out/result_1.png", TestImages.Png(2048, 2048, 200, 120, 40));
        string photo = folder.WriteFile("in/phone.jpg", TestPhotos.OrientedJpeg(3000, 2000, orientation: 6));
        var cache = new ThumbnailCache(folder.Combine("out"));

        Assert.Equal(2, cache.EnsureAll([result, photo]));
        Assert.Equal(0, cache.EnsureAll([result, photo]));

        string resultThumb = Assert.IsType<string>(cache.Find(result));
        string photoThumb = Assert.IsType<string>(cache.Find(photo));
        Assert.Equal(folder.Combine("out", ".thumbs"), Path.GetDirectoryName(resultThumb));
        PhotoFacts small = TestPhotos.Inspect(resultThumb);
        Assert.Equal((400, 400), (small.Width, small.Height));
        Assert.True(new FileInfo(resultThumb).Length < 64 * 1024);
        PhotoFacts upright = TestPhotos.Inspect(photoThumb);
        Assert.Equal((267, 400), (upright.Width, upright.Height));
        Assert.True(TestPhotos.Near(upright.TopRight, TestPhotos.Marker));
        Assert.Equal(2, Directory.GetFiles(cache.Directory).Length);
    }

    [Fact]
    public void An_image_replaced_by_a_new_version_gets_a_new_thumbnail()
    {
        string result = folder.WriteFile("result.png", TestImages.Png(800, 800, 10, 10, 10));
        var cache = new ThumbnailCache(folder.Path);
        cache.EnsureAll([result]);
        string first = cache.Find(result)!;

        TestImages.Write(result, TestImages.Png(900, 600, 250, 250, 250));
        File.SetLastWriteTimeUtc(result, DateTime.UtcNow.AddMinutes(1));

        Assert.Null(cache.Find(result));
        Assert.Equal(1, cache.EnsureAll([result]));
        Assert.NotEqual(first, cache.Find(result));
        Assert.Equal((400, 267), (TestPhotos.Inspect(cache.Find(result)!).Width, TestPhotos.Inspect(cache.Find(result)!).Height));
    }

    [Fact]
    public void Images_that_are_missing_or_undecodable_have_no_thumbnail_and_stop_nothing()
    {
        string broken = folder.WriteFile("broken.png", TestImages.TruncatedPng()[..20]);
        string good = folder.WriteFile("good.png", TestImages.Png(600, 600, 1, 2, 3));
        var cache = new ThumbnailCache(folder.Path);

        Assert.Equal(1, cache.EnsureAll([broken, folder.Combine("gone.png"), good]));

        Assert.Null(cache.Find(broken));
        Assert.Null(cache.Find(folder.Combine("gone.png")));
        Assert.NotNull(cache.Find(good));
        Assert.Empty(Directory.GetFiles(cache.Directory, "*.tmp"));
    }
}
