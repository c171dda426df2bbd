using Banana.Client.Tests.Fakes;
using Banana.Emulator;
using Xunit;

namespace Banana.Client.Tests.EndToEnd;

/// <summary>The old three-step workflow (upload, generate, download) and credits, against the local grsai.</summary>
public sealed class ClientAgainstEmulatorTests : EmulatorTestBase
{
    [Theory]
    [InlineData(UploadMethod.Form, "form")]
    [InlineData(UploadMethod.Presigned, "presigned")]
    public async Task Uploads_an_image_that_its_url_then_serves_unchanged(UploadMethod method, string storedAs)
    {
        var client = Client();
        var path = await WriteImageAsync("模特 [1].png");

        var uploaded = await client.UploadAsync(path, method, CancellationToken.None);
        var verification = await client.VerifyUploadAsync(uploaded, CancellationToken.None);

        Assert.True(verification.Matches, $"{uploaded.Url} served {verification.ServedBytes} bytes");
        Assert.Equal(new FileInfo(path).Length, verification.ServedBytes);
        Assert.StartsWith(Emulator.BaseUri.AbsoluteUri + "files/", uploaded.Url, StringComparison.Ordinal);
        Assert.Equal(1, Emulator.Stats.UploadsByMethod.GetValueOrDefault(storedAs));
        Assert.Equal(1, Emulator.Stats.Uploads);
    }

    [Fact]
    public async Task A_data_uri_upload_sends_nothing_and_its_verification_is_local()
    {
        // Nothing to upload: the image travels inside the generation request (see Generates_from_an_inline_data_uri).
        var client = Client();
        var path = await WriteImageAsync("模特 [1].png");

        var uploaded = await client.UploadAsync(path, UploadMethod.DataUri, CancellationToken.None);
        var verification = await client.VerifyUploadAsync(uploaded, CancellationToken.None);

        Assert.StartsWith("data:image/png;base64,", uploaded.Url, StringComparison.Ordinal);
        Assert.True(verification.Matches);
        Assert.Equal(0, Emulator.Stats.RequestsTo(EmulatorEndpoint.UploadToken) + Emulator.Stats.RequestsTo(EmulatorEndpoint.Storage));
    }

    [Fact]
    public async Task Generates_from_an_uploaded_image_and_saves_a_real_png()
    {
        var client = Client();
        var uploaded = await client.UploadAsync(await WriteImageAsync("photo.png"), UploadMethod.Form, CancellationToken.None);
        var ids = new List<string>();

        var result = await client.GenerateAsync(Request(uploaded.Url), TestSetup.Record(ids), null, CancellationToken.None);
        var output = Path.Combine(Folder.FullName, "out", "photo_1.png");
        var saved = await client.DownloadAsync(new Uri(result.ResultUrls[0]), output, overwrite: false, CancellationToken.None);

        Assert.Equal([result.Id], ids);
        Assert.True(await ImageFormat.IsCompleteImageFileAsync(saved.Path, CancellationToken.None));
        Assert.Equal(["photo_1.png"], FilesIn(Path.GetDirectoryName(output)!));
        Assert.Equal(1, Emulator.Stats.Submissions);
    }

    [Fact]
    public async Task Generate_by_default_submits_hands_over_the_id_then_polls_without_a_stream()
    {
        Emulator.Configure(s => s with { GenerationLatency = TimeSpan.FromMilliseconds(200) });
        var client = Client(Options(mode: SubmitMode.Poll));
        var ids = new List<string>();

        var result = await client.GenerateAsync(TextOnly(), TestSetup.Record(ids), null, CancellationToken.None);

        Assert.Equal(TaskState.Succeeded, result.State);
        Assert.Equal([result.Id], ids);
        Assert.Equal(1, Emulator.Stats.Submissions);
        Assert.True(Emulator.Stats.Polls >= 1);
    }

    [Fact]
    public async Task Submits_for_an_immediate_id_and_polls_to_the_result()
    {
        Emulator.Configure(s => s with { GenerationLatency = TimeSpan.FromMilliseconds(300) });
        var client = Client();
        var uploaded = await client.UploadAsync(await WriteImageAsync("photo.png"), UploadMethod.Presigned, CancellationToken.None);

        var id = await client.SubmitAsync(Request(uploaded.Url), CancellationToken.None);
        var result = await client.WaitForResultAsync(id, null, CancellationToken.None);

        Assert.Equal(id, result.Id);
        Assert.Equal(TaskState.Succeeded, result.State);
        Assert.True(Emulator.Stats.Polls >= 1);
    }

    [Fact]
    public async Task Generates_from_an_inline_data_uri()
    {
        var client = Client();
        var inline = await client.UploadAsync(await WriteImageAsync("small.png"), UploadMethod.DataUri, CancellationToken.None);

        var result = await client.GenerateAsync(Request(inline.Url), TestSetup.Record([]), null, CancellationToken.None);

        Assert.Equal(TaskState.Succeeded, result.State);
        // The service received the image itself: its signature of the job names the data URI (by its hash).
        var signature = Assert.Single(Emulator.Stats.SubmissionsBySignature).Key;
        Assert.Contains("data:image/png;base64;sha256=", signature, StringComparison.Ordinal);
        Assert.Equal(0, Emulator.Stats.Uploads);
        Assert.Equal(0, Emulator.Stats.RefusalCount);
    }

    [Fact]
    public async Task Credits_run_down_as_images_are_generated()
    {
        var client = Client();
        var before = await client.GetCreditsAsync(CancellationToken.None);

        await client.GenerateAsync(TextOnly(), TestSetup.Record([]), null, CancellationToken.None);
        var after = await client.GetCreditsAsync(CancellationToken.None);

        Assert.True(after < before, $"credits went from {before} to {after}");
    }

    [Fact]
    public async Task A_moderated_prompt_is_final_and_names_its_reason()
    {
        var error = await Assert.ThrowsAsync<GrsaiModerationException>(() => Client().GenerateAsync(
            TextOnly("a pose " + EmulatorSettings.DefaultModerationMarker), TestSetup.Record([]), null, CancellationToken.None));

        Assert.Equal("input_moderation", error.Reason);
        Assert.NotNull(error.TaskId);
        Assert.Equal(1, Emulator.Stats.Submissions);
    }
}
