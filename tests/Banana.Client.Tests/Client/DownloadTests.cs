using System.Net;
using Banana.Client.Tests.Fakes;
using Xunit;

namespace Banana.Client.Tests.Client;

public sealed class DownloadTests : IDisposable
{
    private static readonly Uri ResultUrl = new("https://files.example.test/file/f44bcf50-task.png");
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("banana-download-");

    public void Dispose() => folder.Delete(recursive: true);

    private string Destination => Path.Combine(folder.FullName, "photo_1.png");

    private string[] FilesLeft() => folder.GetFiles().Select(f => f.Name).ToArray();

    [Fact]
    public async Task Saves_a_valid_image_under_its_final_name_only()
    {
        var png = TestImages.GreyPng();
        var handler = new ScriptedHandler().On("/file/", Answer.Bytes(png));

        var saved = await TestSetup.Client(handler).DownloadAsync(ResultUrl, Destination, overwrite: false, CancellationToken.None);

        Assert.Equal(png, await File.ReadAllBytesAsync(Destination));
        Assert.Equal(png.Length, saved.Bytes);
        Assert.Equal(["photo_1.png"], FilesLeft());
        Assert.Null(Assert.Single(handler.Requests).Authorization);
    }

    [Fact]
    public async Task Fetches_again_when_the_first_answer_is_an_html_page()
    {
        var handler = new ScriptedHandler().On("/file/", Answer.Bytes(TestImages.Html(), "text/html"), Answer.Bytes(TestImages.Jpeg(), "image/jpeg"));

        await TestSetup.Client(handler).DownloadAsync(ResultUrl, Destination, overwrite: false, CancellationToken.None);

        Assert.Equal(TestImages.Jpeg(), await File.ReadAllBytesAsync(Destination));
        Assert.Equal(2, handler.Count("/file/"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Never_saves_html_or_truncated_bytes(bool truncated)
    {
        var bytes = truncated ? TestImages.TruncatedPng() : TestImages.Html();
        var handler = new ScriptedHandler().On("/file/", Answer.Bytes(bytes));
        var options = TestSetup.Options();
        options.MaxRetries = 2;

        var error = await Assert.ThrowsAsync<GrsaiInvalidImageException>(() =>
            TestSetup.Client(handler, options).DownloadAsync(ResultUrl, Destination, overwrite: false, CancellationToken.None));

        Assert.Equal(3, handler.Count("/file/"));
        Assert.Empty(FilesLeft());
        Assert.Contains(truncated ? "truncated" : "not an image", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.Gone)]
    public async Task An_expired_result_names_its_task_and_is_not_retried(HttpStatusCode status)
    {
        var handler = new ScriptedHandler().On("/file/", Answer.Status(status));

        var error = await Assert.ThrowsAsync<GrsaiResultExpiredException>(() =>
            TestSetup.Client(handler).DownloadAsync(ResultUrl, Destination, overwrite: false, CancellationToken.None));

        Assert.Equal("f44bcf50-task", error.TaskId);
        Assert.Contains("f44bcf50-task", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, handler.Count("/file/"));
        Assert.Empty(FilesLeft());
    }

    [Fact]
    public async Task Leaves_an_existing_file_alone_unless_asked_to_overwrite()
    {
        await File.WriteAllTextAsync(Destination, "mine");
        var handler = new ScriptedHandler().On("/file/", Answer.Bytes(TestImages.GreyPng()));
        var client = TestSetup.Client(handler);

        var error = await Assert.ThrowsAsync<IOException>(() => client.DownloadAsync(ResultUrl, Destination, overwrite: false, CancellationToken.None));

        Assert.Contains("already exists", error.Message, StringComparison.Ordinal);
        Assert.Equal("mine", await File.ReadAllTextAsync(Destination));
        Assert.Empty(handler.Requests);

        await client.DownloadAsync(ResultUrl, Destination, overwrite: true, CancellationToken.None);

        Assert.Equal(TestImages.GreyPng(), await File.ReadAllBytesAsync(Destination));
        Assert.Equal(["photo_1.png"], FilesLeft());
    }

    [Fact]
    public async Task Removes_the_partial_file_when_cancelled_mid_download()
    {
        var png = TestImages.GreyPng();
        using var cancel = new CancellationTokenSource();
        var handler = new ScriptedHandler().On("/file/", (_, _) =>
        {
            cancel.CancelAfter(TimeSpan.FromMilliseconds(100));
            return Task.FromResult(Answer.Stream(new ScriptedStream([png[..10]], ScriptedStream.Ending.Hang), "image/png"));
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            TestSetup.Client(handler).DownloadAsync(ResultUrl, Destination, overwrite: false, cancel.Token));

        Assert.Empty(FilesLeft());
    }

    [Fact]
    public async Task Refuses_a_download_over_the_size_cap()
    {
        var handler = new ScriptedHandler().On("/file/", Answer.Bytes(TestImages.GreyPng()));
        var options = TestSetup.Options();
        options.MaxDownloadBytes = 20;

        await Assert.ThrowsAsync<GrsaiInvalidImageException>(() =>
            TestSetup.Client(handler, options).DownloadAsync(ResultUrl, Destination, overwrite: false, CancellationToken.None));

        Assert.Empty(FilesLeft());
    }

    [Fact]
    public async Task Retries_a_body_that_breaks_off()
    {
        var png = TestImages.GreyPng();
        var handler = new ScriptedHandler().On(
            "/file/",
            (_, _) => Task.FromResult(Answer.Stream(new ScriptedStream([png[..30]], ScriptedStream.Ending.Break), "image/png")),
            (_, _) => Task.FromResult(Answer.Bytes(png)));

        await TestSetup.Client(handler).DownloadAsync(ResultUrl, Destination, overwrite: false, CancellationToken.None);

        Assert.Equal(png, await File.ReadAllBytesAsync(Destination));
        Assert.Equal(["photo_1.png"], FilesLeft());
    }
}
