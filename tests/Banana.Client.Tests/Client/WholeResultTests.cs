using Banana.Client.Tests.Fakes;
using Xunit;

namespace Banana.Client.Tests.Client;

/// <summary>
/// A result is saved only when it is whole. A JPEG with garbage inside its compressed data keeps every marker, so a
/// marker walk passes it, and decoders (libjpeg, SkiaSharp) only warn and paint the garbage: the client walks its
/// Huffman data instead. What the client cannot see (WebP's compressed data) the engine's decoder checks through
/// <see cref="GrsaiClientOptions.ResultCheck"/>.
/// </summary>
public sealed class WholeResultTests : IDisposable
{
    private static readonly Uri ResultAddress = new("https://files.example.test/file/t.jpg");

    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("banana-whole-");

    public void Dispose() => folder.Delete(recursive: true);

    private string Destination => Path.Combine(folder.FullName, "photo_1.jpg");

    public static TheoryData<string> Fixtures => new() { "restart.jpg", "progressive.jpg", "gray.jpg", "s444-optimized.jpg", "s422.jpg", "noninterleaved.jpg" };

    public static TheoryData<string> SequentialFixtures => new() { "restart.jpg", "gray.jpg", "s444-optimized.jpg", "s422.jpg", "noninterleaved.jpg" };

    [Theory]
    [MemberData(nameof(Fixtures))]
    public async Task A_whole_jpeg_from_libjpeg_is_saved_byte_for_byte(string fixture)
    {
        var jpeg = Fixture(fixture);

        await Download(jpeg);

        Assert.Equal(jpeg, await File.ReadAllBytesAsync(Destination));
    }

    [Theory]
    [InlineData(1365, 2048)]
    [InlineData(2048, 2048)]
    [InlineData(17, 9)]
    public async Task A_whole_jpeg_from_skiasharp_is_saved(int width, int height)
    {
        var jpeg = TestPhotos.OrientedJpeg(width, height, orientation: 1, quality: 90, noise: true);

        await Download(jpeg);

        Assert.Equal(jpeg, await File.ReadAllBytesAsync(Destination));
    }

    [Theory]
    [MemberData(nameof(SequentialFixtures))]
    public async Task A_jpeg_with_random_bytes_inside_its_compressed_data_is_not_saved(string fixture)
    {
        var jpeg = Fixture(fixture);
        var garbled = Garble(jpeg, seed: fixture.Length, fill: null, count: 48);

        var error = await Assert.ThrowsAsync<GrsaiInvalidImageException>(() => Download(garbled));

        Assert.Equal("InvalidResultImage", error.ErrorId);
        Assert.Contains("compressed pixel data is corrupt", error.Message, StringComparison.Ordinal);
        Assert.Empty(folder.GetFiles());
    }

    [Fact]
    public async Task A_camera_sized_jpeg_with_a_zeroed_stretch_inside_is_not_saved()
    {
        // Zeros are valid codes in the usual tables, and Huffman codes fall back into step after a short stretch: a few
        // zeroed bytes can decode as a few wrong blocks and pass (as they do in every decoder). A stretch as a storage
        // fault leaves it, a tenth of the data here, leaves the frame with the wrong number of blocks.
        var jpeg = TestPhotos.OrientedJpeg(1600, 1200, orientation: 1, quality: 90, noise: true);
        var garbled = Garble(jpeg, seed: 1, fill: 0x00, count: (jpeg.Length - ScanDataStart(jpeg)) / 10);

        var error = await Assert.ThrowsAsync<GrsaiInvalidImageException>(() => Download(garbled));

        Assert.Contains("compressed pixel data is corrupt", error.Message, StringComparison.Ordinal);
        Assert.Empty(folder.GetFiles());
    }

    [Fact]
    public async Task A_jpeg_whose_compressed_data_stops_before_its_last_block_is_not_saved()
    {
        // Cut inside the data and closed with a proper end marker: the marker walk alone finds nothing wrong.
        var jpeg = Fixture("s422.jpg");
        var start = ScanDataStart(jpeg);
        var cut = jpeg[..(start + ((jpeg.Length - start) / 2))].Concat(new byte[] { 0xFF, 0xD9 }).ToArray();

        var error = await Assert.ThrowsAsync<GrsaiInvalidImageException>(() => Download(cut));

        Assert.Contains("ends before the last block", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task What_the_result_check_finds_wrong_fails_the_download_after_its_retries_and_nothing_is_saved()
    {
        var checkedPaths = new List<string>();
        var options = TestSetup.Options();
        options.ResultCheck = path =>
        {
            lock (checkedPaths)
            {
                checkedPaths.Add(path);
            }

            return "it decodes only 3 of its 151 rows";
        };
        var handler = new ScriptedHandler().On("/file/", Answer.Bytes(Fixture("gray.jpg"), "image/jpeg"));

        var error = await Assert.ThrowsAsync<GrsaiInvalidImageException>(() => TestSetup.Client(handler, options)
            .DownloadAsync(ResultAddress, Destination, overwrite: false, CancellationToken.None));

        Assert.Equal("InvalidResultImage", error.ErrorId);
        Assert.Contains("3 of its 151 rows", error.Message, StringComparison.Ordinal);
        Assert.Equal(options.MaxRetries + 1, handler.Count("/file/"));
        Assert.Equal(options.MaxRetries + 1, checkedPaths.Count);
        Assert.All(checkedPaths, path => Assert.NotEqual(Destination, path)); // checked before it is moved into place
        Assert.Empty(folder.GetFiles());
    }

    [Fact]
    public async Task A_result_the_check_passes_is_saved()
    {
        var options = TestSetup.Options();
        options.ResultCheck = _ => null;
        var handler = new ScriptedHandler().On("/file/", Answer.Bytes(Fixture("gray.jpg"), "image/jpeg"));

        await TestSetup.Client(handler, options).DownloadAsync(ResultAddress, Destination, overwrite: false, CancellationToken.None);

        Assert.Equal(Fixture("gray.jpg"), await File.ReadAllBytesAsync(Destination));
    }

    private Task Download(byte[] jpeg)
    {
        var handler = new ScriptedHandler().On("/file/", Answer.Bytes(jpeg, "image/jpeg"));
        return TestSetup.Client(handler).DownloadAsync(ResultAddress, Destination, overwrite: false, CancellationToken.None);
    }

    private static byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "jpeg", name));

    /// <summary>
    /// <paramref name="count"/> bytes from the middle of the first scan's compressed data replaced (random, or all
    /// <paramref name="fill"/>), never by 0xFF: every marker stays where it was, as in a file a storage fault damaged.
    /// </summary>
    private static byte[] Garble(byte[] jpeg, int seed, byte? fill, int count)
    {
        var start = ScanDataStart(jpeg);
        var end = start;
        while (!(jpeg[end] == 0xFF && jpeg[end + 1] != 0x00 && (jpeg[end + 1] < 0xD0 || jpeg[end + 1] > 0xD7)))
        {
            end++;
        }

        var garbled = (byte[])jpeg.Clone();
        var random = new Random(seed);
        var from = start + ((end - start - count) / 2);
        for (var i = from; i < from + count; i++)
        {
            if (garbled[i] == 0xFF || (i > 0 && garbled[i - 1] == 0xFF))
            {
                continue; // keeps stuffed bytes and restart markers intact
            }

            garbled[i] = fill ?? (byte)random.Next(0, 0xFF);
        }

        Assert.NotEqual(jpeg, garbled);
        return garbled;
    }

    /// <summary>Where the first scan's compressed data begins (after the SOS segment).</summary>
    private static int ScanDataStart(byte[] jpeg)
    {
        var at = 2;
        while (!(jpeg[at] == 0xFF && jpeg[at + 1] == 0xDA))
        {
            at += 2 + ((jpeg[at + 2] << 8) | jpeg[at + 3]);
        }

        return at + 2 + ((jpeg[at + 2] << 8) | jpeg[at + 3]);
    }
}
