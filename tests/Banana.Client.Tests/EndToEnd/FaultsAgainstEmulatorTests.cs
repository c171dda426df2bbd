using Banana.Client.Tests.Fakes;
using Banana.Emulator;
using Xunit;

namespace Banana.Client.Tests.EndToEnd;

/// <summary>Every fault the emulator can inject, met the way docs/protocol.md#http-behaviour describes.</summary>
public sealed class FaultsAgainstEmulatorTests : EmulatorTestBase
{
    [Fact]
    public async Task A_cut_stream_continues_by_polling_without_a_second_submission()
    {
        Emulator.Configure(s => s with { GenerationLatency = TimeSpan.FromMilliseconds(300) });
        Inject(FaultKind.StreamCut, EmulatorEndpoint.Draw, count: 1);
        var ids = new List<string>();

        var result = await Client().GenerateAsync(TextOnly(), TestSetup.Record(ids), null, CancellationToken.None);

        Assert.Equal(TaskState.Succeeded, result.State);
        Assert.Equal([result.Id], ids);
        Assert.Equal(1, Emulator.Stats.Submissions);
        Assert.True(Emulator.Stats.Polls >= 1);
    }

    [Fact]
    public async Task Waits_out_a_429_as_its_retry_after_says()
    {
        Inject(FaultKind.Http429, EmulatorEndpoint.Draw, count: 1);

        await Client().GenerateAsync(TextOnly(), TestSetup.Record([]), null, CancellationToken.None);

        Assert.Equal(TimeSpan.FromSeconds(1), Assert.Single(Retries).Delay);
        Assert.Equal(1, Emulator.Stats.Submissions);
    }

    [Theory]
    [InlineData(FaultKind.Http503, EmulatorEndpoint.Draw)]
    [InlineData(FaultKind.Http502, EmulatorEndpoint.Draw)]
    [InlineData(FaultKind.Abort, EmulatorEndpoint.Draw)]
    [InlineData(FaultKind.Http500, EmulatorEndpoint.UploadToken)]
    [InlineData(FaultKind.Abort, EmulatorEndpoint.Storage)]
    public async Task Retries_transient_faults_through_the_whole_workflow(FaultKind kind, EmulatorEndpoint endpoint)
    {
        Inject(kind, endpoint, count: 2);
        var client = Client();

        var uploaded = await client.UploadAsync(await WriteImageAsync("p.png"), UploadMethod.Form, CancellationToken.None);
        var result = await client.GenerateAsync(Request(uploaded.Url), TestSetup.Record([]), null, CancellationToken.None);

        Assert.Equal(TaskState.Succeeded, result.State);
        Assert.Equal(2, Retries.Count);
        Assert.Equal(1, Emulator.Stats.Submissions);
    }

    [Fact]
    public async Task Polls_through_not_found_answers_within_the_grace()
    {
        Emulator.Configure(s => s with { GenerationLatency = TimeSpan.FromMilliseconds(200) });
        Inject(FaultKind.PollNotFound, EmulatorEndpoint.Result, count: 3);
        var client = Client();

        var id = await client.SubmitAsync(TextOnly(), CancellationToken.None);
        var result = await client.WaitForResultAsync(id, null, CancellationToken.None);

        Assert.Equal(TaskState.Succeeded, result.State);
    }

    [Fact]
    public async Task A_rejected_key_is_final_after_one_request()
    {
        Inject(FaultKind.RejectedKey, EmulatorEndpoint.Any);

        var error = await Assert.ThrowsAsync<GrsaiAuthenticationException>(() =>
            Client().GenerateAsync(TextOnly(), TestSetup.Record([]), null, CancellationToken.None));

        Assert.True(error.DoomsKey);
        Assert.Equal(1, Emulator.Stats.RequestsTo(EmulatorEndpoint.Draw));
        Assert.DoesNotContain(TestSetup.ApiKey, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_credits_are_final_after_one_request()
    {
        Inject(FaultKind.CreditsExhausted, EmulatorEndpoint.Draw);

        var error = await Assert.ThrowsAsync<GrsaiCreditsExhaustedException>(() => Client().SubmitAsync(TextOnly(), CancellationToken.None));

        Assert.True(error.DoomsKey);
        Assert.Equal(1, Emulator.Stats.RequestsTo(EmulatorEndpoint.Draw));
    }

    [Fact]
    public async Task A_failed_task_names_itself_and_may_be_submitted_again()
    {
        Inject(FaultKind.TaskError, EmulatorEndpoint.Draw, count: 1);

        var error = await Assert.ThrowsAsync<GrsaiTaskFailedException>(() =>
            Client().GenerateAsync(TextOnly(), TestSetup.Record([]), null, CancellationToken.None));

        Assert.NotNull(error.TaskId);
        Assert.Equal(1, Emulator.Stats.Submissions);
    }

    [Theory]
    [InlineData(FaultKind.CorruptHtml)]
    [InlineData(FaultKind.Truncated)]
    public async Task A_bad_download_is_fetched_again_and_only_the_good_one_saved(FaultKind kind)
    {
        var client = Client();
        var result = await client.GenerateAsync(TextOnly(), TestSetup.Record([]), null, CancellationToken.None);
        Inject(kind, EmulatorEndpoint.Results, count: 1);
        var output = Path.Combine(Folder.FullName, "out", "r.png");

        await client.DownloadAsync(new Uri(result.ResultUrls[0]), output, overwrite: false, CancellationToken.None);

        Assert.True(await ImageFormat.IsCompleteImageFileAsync(output, CancellationToken.None));
        Assert.Equal(["r.png"], FilesIn(Path.GetDirectoryName(output)!));
    }

    [Fact]
    public async Task A_download_that_stays_bad_leaves_nothing_behind()
    {
        var client = Client();
        var result = await client.GenerateAsync(TextOnly(), TestSetup.Record([]), null, CancellationToken.None);
        Inject(FaultKind.Truncated, EmulatorEndpoint.Results);
        var outFolder = Directory.CreateDirectory(Path.Combine(Folder.FullName, "out")).FullName;

        await Assert.ThrowsAsync<GrsaiInvalidImageException>(() =>
            client.DownloadAsync(new Uri(result.ResultUrls[0]), Path.Combine(outFolder, "r.png"), overwrite: false, CancellationToken.None));

        Assert.Empty(FilesIn(outFolder));
    }

    [Fact]
    public async Task An_expired_result_names_its_task()
    {
        var client = Client();
        var result = await client.GenerateAsync(TextOnly(), TestSetup.Record([]), null, CancellationToken.None);
        Inject(FaultKind.Expired, EmulatorEndpoint.Results);

        var error = await Assert.ThrowsAsync<GrsaiResultExpiredException>(() =>
            client.DownloadAsync(new Uri(result.ResultUrls[0]), Path.Combine(Folder.FullName, "r.png"), overwrite: false, CancellationToken.None));

        Assert.Equal(result.Id, error.TaskId);
        Assert.Contains(result.Id, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_log_line_or_retry_notice_carries_the_key()
    {
        Inject(FaultKind.Http503, EmulatorEndpoint.Any, count: 3);
        Inject(FaultKind.StreamCut, EmulatorEndpoint.Draw, count: 1);
        var client = Client();

        var uploaded = await client.UploadAsync(await WriteImageAsync("p.png"), UploadMethod.Form, CancellationToken.None);
        await client.GenerateAsync(Request(uploaded.Url), TestSetup.Record([]), null, CancellationToken.None);

        Assert.NotEmpty(Log);
        Assert.All(Log, line => Assert.DoesNotContain(TestSetup.ApiKey, line, StringComparison.Ordinal));
        Assert.All(Retries, r => Assert.DoesNotContain(TestSetup.ApiKey, r.Fault, StringComparison.Ordinal));
    }
}
