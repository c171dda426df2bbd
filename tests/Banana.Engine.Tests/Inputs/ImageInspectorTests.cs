using Banana.Engine.Tests.Support;
using Xunit;

namespace Banana.Engine.Tests.Inputs;

public sealed class ImageInspectorTests : IDisposable
{
    private readonly ScratchFolder folder = new();

    public void Dispose() => folder.Dispose();

    private string Write(string name, byte[] bytes)
    {
        var path = folder.Combine(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public static TheoryData<string, byte[]> Images => new()
    {
        { "a.png", TestImages.Png(2, 2, 1, 0, 0) },
        { "b.jpg", [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1, 1, 0, 0, 1, 0xFF, 0xD9] },
        { "c.gif", [.. "GIF89a"u8, 1, 0, 1, 0, 0, 0, 0, 0x3B] },
        { "d.webp", [.. "RIFF"u8, 12, 0, 0, 0, .. "WEBPVP8 "u8, 0, 0, 0, 0] },
        { "e.bmp", [(byte)'B', (byte)'M', 30, 0, 0, 0, 0, 0, 0, 0, 26, 0, 0, 0, 12, 0] },
        { "png-named.jpg", TestImages.Png(2, 2, 2, 0, 0) },
    };

    [Theory]
    [MemberData(nameof(Images))]
    public void Images_are_recognised_by_their_bytes(string name, byte[] bytes)
        => Assert.Null(ImageInspector.Check(Write(name, bytes), 1_000_000));

    [Fact]
    public void A_text_file_named_jpg_is_not_an_image()
    {
        var problem = ImageInspector.Check(Write("notes.jpg", "hello, this is text"u8.ToArray()), 1_000_000);
        Assert.Equal("NotAnImage", problem?.ErrorId);
        Assert.Equal(BananaErrorKind.InvalidData, problem?.Kind);
        Assert.EndsWith("notes.jpg", problem?.Target, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_file_is_reported_as_empty()
        => Assert.Equal("EmptyFile", ImageInspector.Check(Write("empty.png", []), 1_000_000)?.ErrorId);

    [Fact]
    public void A_file_over_the_limit_is_too_large()
    {
        var problem = ImageInspector.Check(Write("big.png", TestImages.Png(2, 2, 3, 0, 0)), 10);
        Assert.Equal("FileTooLarge", problem?.ErrorId);
        Assert.Equal(BananaErrorKind.TooLarge, problem?.Kind);
    }

    [Fact]
    public void A_missing_file_is_reported()
        => Assert.Equal("FileNotFound", ImageInspector.Check(folder.Combine("gone.png"), 100)?.ErrorId);

    [Fact]
    public void An_unreadable_file_is_reported()
    {
        // A folder where a file is expected cannot be opened for reading, on every platform and as root.
        Directory.CreateDirectory(folder.Combine("folder.png"));
        Assert.Equal("UnreadableFile", ImageInspector.Check(folder.Combine("folder.png"), 100)?.ErrorId);
    }
}
