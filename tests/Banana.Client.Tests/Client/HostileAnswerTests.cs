using System.IO.Compression;
using System.Text;
using Banana.Client.Tests.Fakes;
using Xunit;

namespace Banana.Client.Tests.Client;

/// <summary>What a hostile or broken service can send: result URLs into the user's network, endless non-images,
/// images with garbage inside, upload tokens naming javascript: addresses. Each fails one call with its own ErrorId.</summary>
public sealed class HostileAnswerTests : IDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("banana-hostile-");

    public void Dispose() => folder.Delete(recursive: true);

    private string Destination => Path.Combine(folder.FullName, "photo_1.png");

    [Theory]
    [InlineData("file:///etc/passwd")]
    [InlineData("data:image/png;base64,iVBORw0KGgo=")]
    [InlineData("results/task.png")]
    [InlineData("ftp://files.example.test/task.png")]
    [InlineData("http://169.254.169.254/latest/meta-data/iam")]
    [InlineData("http://2852039166/latest/meta-data")]
    [InlineData("http://10.1.2.3/task.png")]
    [InlineData("http://172.20.0.1/task.png")]
    [InlineData("http://192.168.1.1/task.png")]
    [InlineData("http://[fe80::1]/task.png")]
    [InlineData("http://[::ffff:169.254.169.254]/task.png")]
    public async Task A_result_address_outside_the_public_web_is_refused_without_a_request(string address)
    {
        var handler = new ScriptedHandler().On("", Answer.Bytes(TestImages.GreyPng()));

        var error = await Assert.ThrowsAsync<GrsaiResultUrlRefusedException>(() =>
            TestSetup.Client(handler).DownloadAsync(ResultUrl.Parse(address, "task-7"), Destination, overwrite: false, CancellationToken.None));

        Assert.Equal("ResultUrlRefused", error.ErrorId);
        Assert.Empty(handler.Requests);
        Assert.Empty(folder.GetFiles());
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000/results/t.png")]
    [InlineData("http://[::1]:5000/results/t.png")]
    [InlineData("https://8.8.8.8/t.png")]
    public async Task Loopback_and_public_hosts_are_fetched(string address)
    {
        var handler = new ScriptedHandler().On("/t", Answer.Bytes(TestImages.GreyPng()));

        await TestSetup.Client(handler).DownloadAsync(new Uri(address), Destination, overwrite: false, CancellationToken.None);

        Assert.True(File.Exists(Destination));
    }

    [Theory]
    [InlineData("")]
    [InlineData("http://[broken")]
    public void Text_that_is_no_address_at_all_is_refused_with_the_same_id(string text)
    {
        var error = Assert.Throws<GrsaiResultUrlRefusedException>(() => ResultUrl.Parse(text, "task-9"));
        Assert.Contains("task-9", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_huge_non_image_answer_is_abandoned_after_its_first_bytes_and_never_quoted()
    {
        var bodies = new List<EndlessPage>();
        var handler = new ScriptedHandler().On("/file/", (_, _) =>
        {
            var page = new EndlessPage(50L * 1024 * 1024);
            lock (bodies)
            {
                bodies.Add(page);
            }

            return Task.FromResult(Answer.Stream(page, "text/html"));
        });

        var error = await Assert.ThrowsAsync<GrsaiInvalidImageException>(() => TestSetup.Client(handler)
            .DownloadAsync(new Uri("https://files.example.test/file/t.png"), Destination, overwrite: false, CancellationToken.None));

        Assert.All(bodies, page => Assert.True(page.Served < 1024 * 1024, $"{page.Served} bytes were read of a page that is no image"));
        Assert.DoesNotContain("html", error.Message.Replace("text/html", string.Empty, StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("SECRET-PAGE", error.ToString(), StringComparison.Ordinal);
        Assert.Empty(folder.GetFiles());
    }

    [Fact]
    public async Task A_png_with_a_valid_start_and_end_but_garbage_inside_is_not_saved()
    {
        var png = LargerPng();
        var corrupt = (byte[])png.Clone();
        for (var i = png.Length / 2; i < png.Length / 2 + 64; i++)
        {
            corrupt[i] ^= 0x5A;
        }

        var handler = new ScriptedHandler().On("/file/", Answer.Bytes(corrupt));

        var error = await Assert.ThrowsAsync<GrsaiInvalidImageException>(() => TestSetup.Client(handler)
            .DownloadAsync(new Uri("https://files.example.test/file/t.png"), Destination, overwrite: false, CancellationToken.None));

        Assert.Equal("InvalidResultImage", error.ErrorId);
        Assert.Contains("checksum", error.Message, StringComparison.Ordinal);
        Assert.Empty(folder.GetFiles());
    }

    [Fact]
    public async Task A_png_whose_checksums_fit_but_whose_pixels_are_short_is_not_saved()
    {
        // Every chunk CRC recomputed: only inflating the pixel data shows that rows are missing.
        var handler = new ScriptedHandler().On("/file/", Answer.Bytes(LargerPng(rows: 32, declaredRows: 64)));

        var error = await Assert.ThrowsAsync<GrsaiInvalidImageException>(() => TestSetup.Client(handler)
            .DownloadAsync(new Uri("https://files.example.test/file/t.png"), Destination, overwrite: false, CancellationToken.None));

        Assert.Contains("pixel data", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_whole_larger_png_passes_the_structure_check()
    {
        var handler = new ScriptedHandler().On("/file/", Answer.Bytes(LargerPng()));

        await TestSetup.Client(handler).DownloadAsync(new Uri("https://files.example.test/file/t.png"), Destination, false, CancellationToken.None);

        Assert.Equal(LargerPng(), await File.ReadAllBytesAsync(Destination));
    }

    [Fact]
    public async Task A_photo_whose_name_holds_a_double_quote_uploads()
    {
        var path = Path.Combine(folder.FullName, "model \"red\" 1.png");
        await File.WriteAllBytesAsync(path, TestImages.GreyPng());
        var handler = new ScriptedHandler()
            .On("/newUploadTokenZH", UploadToken("files.storage.test"))
            .On("upload.storage.test", Answer.Json("""{"hash":"h","key":"abc.png"}"""));

        var uploaded = await TestSetup.Client(handler).UploadAsync(path, UploadMethod.Form, CancellationToken.None);

        Assert.Equal("https://files.storage.test/abc.png", uploaded.Url);
        var form = Encoding.UTF8.GetString(handler.Requests[1].Body);
        Assert.Contains("filename=\"model %22red%22 1.png\"", form, StringComparison.Ordinal);
        Assert.Contains("filename*=utf-8''model%20%22red%22%201.png", form, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("javascript:alert(1)", "https://upload.storage.test/form")]
    [InlineData("javascript://alert(1)", "https://upload.storage.test/form")]
    [InlineData("http://169.254.169.254/", "https://upload.storage.test/form")]
    [InlineData("files.storage.test", "file:///etc/passwd")]
    public async Task An_upload_token_naming_an_unusable_address_is_refused_before_anything_is_sent(string domain, string url)
    {
        var path = Path.Combine(folder.FullName, "a.png");
        await File.WriteAllBytesAsync(path, TestImages.GreyPng());
        var handler = new ScriptedHandler()
            .On("/newUploadTokenZH", UploadToken(domain, url))
            .On("storage", Answer.Json("""{"hash":"h","key":"abc.png"}"""));

        var error = await Assert.ThrowsAsync<GrsaiUploadAddressRefusedException>(() =>
            TestSetup.Client(handler).UploadAsync(path, UploadMethod.Form, CancellationToken.None));

        Assert.Equal("UploadAddressRefused", error.ErrorId);
        Assert.Contains("service", error.Message, StringComparison.Ordinal);
        Assert.Single(handler.Requests);
    }

    private static HttpResponseMessage UploadToken(string domain, string url = "https://upload.storage.test/form")
        => Answer.Json($$$"""{"code":0,"msg":"success","data":{"token":"up-token","key":"abc.png","url":"{{{url}}}","domain":"{{{domain}}}"}}""");

    /// <summary>A 64-pixel-wide RGB PNG of noise (so it does not compress away), its IDAT split in two chunks.</summary>
    private static byte[] LargerPng(int rows = 64, int declaredRows = 64)
    {
        var random = new Random(7);
        using var raw = new MemoryStream();
        using (var z = new ZLibStream(raw, CompressionLevel.Fastest, leaveOpen: true))
        {
            for (var y = 0; y < rows; y++)
            {
                var row = new byte[1 + (64 * 3)];
                random.NextBytes(row);
                row[0] = 0;
                z.Write(row);
            }
        }

        var data = raw.ToArray();
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        Chunk(png, "IHDR", [0, 0, 0, 64, 0, 0, 0, (byte)declaredRows, 8, 2, 0, 0, 0]);
        Chunk(png, "IDAT", data[..(data.Length / 2)]);
        Chunk(png, "IDAT", data[(data.Length / 2)..]);
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        var typeAndData = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(BigEndian((uint)data.Length));
        png.Write(typeAndData);
        png.Write(BigEndian(Download.Crc32.Compute(typeAndData)));
    }

    private static byte[] BigEndian(uint value) => [(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value];

    /// <summary>An HTML page of the given length, produced as it is read, counting what was read.</summary>
    private sealed class EndlessPage(long length) : Stream
    {
        private static readonly byte[] Text = Encoding.ASCII.GetBytes("<!DOCTYPE html><html><body>SECRET-PAGE 0123456789 </body>");

        public long Served { get; private set; }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get => Served; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - Served);
            for (var i = 0; i < n; i++)
            {
                buffer[offset + i] = Text[(Served + i) % Text.Length];
            }

            Served += n;
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
