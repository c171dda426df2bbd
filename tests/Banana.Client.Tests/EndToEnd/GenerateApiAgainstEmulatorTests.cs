using Banana.Client.Tests.Fakes;
using Banana.Emulator;
using Xunit;

namespace Banana.Client.Tests.EndToEnd;

/// <summary>
/// The client on the generate API (docs/protocol.md#generate-api) against the emulator, end to end: upload, submit,
/// poll or stream, download; its quirks (the empty 200 of a rejected key, 404 for a gone task) and faults.
/// </summary>
public sealed class GenerateApiAgainstEmulatorTests : EmulatorTestBase
{
    private GrsaiClient GenerateClient(SubmitMode mode = SubmitMode.Poll, string apiKey = TestSetup.ApiKey)
    {
        var options = Options(apiKey, mode);
        options.Api = GrsaiApi.Generate;
        return Client(options);
    }

    [Theory]
    [InlineData(SubmitMode.Poll)]
    [InlineData(SubmitMode.Stream)]
    public async Task Generates_from_an_uploaded_image_saves_a_real_png_and_keeps_the_models_reply(SubmitMode mode)
    {
        var client = GenerateClient(mode);
        var uploaded = await client.UploadAsync(await WriteImageAsync("p.png"), UploadMethod.Form, CancellationToken.None);
        var ids = new List<string>();

        var result = await client.GenerateAsync(Request(uploaded.Url, "a calm pose"), TestSetup.Record(ids), null, CancellationToken.None);
        var saved = await client.DownloadAsync(new Uri(result.ResultUrls[0]), Path.Combine(Folder.FullName, "out.png"), false, CancellationToken.None);

        Assert.Equal([result.Id], ids);
        Assert.StartsWith("14-", result.Id, StringComparison.Ordinal);
        Assert.Contains("a calm pose", result.Content, StringComparison.Ordinal);
        Assert.True(await ImageFormat.IsCompleteImageFileAsync(saved.Path, CancellationToken.None));
        var stats = Emulator.Stats;
        Assert.Equal(1, stats.SubmissionsByApi["generate"]);
        Assert.Equal(1, stats.Charges);
        Assert.Equal(0, stats.RefusalCount);
    }

    [Fact]
    public async Task A_cut_stream_continues_by_polling_the_generate_result_without_a_second_submission()
    {
        Emulator.Configure(s => s with { GenerationLatency = TimeSpan.FromMilliseconds(300) });
        Inject(FaultKind.StreamCut, EmulatorEndpoint.Generate, count: 1);
        var ids = new List<string>();

        var result = await GenerateClient(SubmitMode.Stream).GenerateAsync(TextOnly(), TestSetup.Record(ids), null, CancellationToken.None);

        Assert.Equal(TaskState.Succeeded, result.State);
        Assert.Equal([result.Id], ids);
        Assert.Equal(1, Emulator.Stats.FaultsInjected(FaultKind.StreamCut));
        Assert.Equal(1, Emulator.Stats.Submissions);
        Assert.True(Emulator.Stats.RequestsTo(EmulatorEndpoint.GenerateResult) >= 1);
    }

    [Theory]
    [InlineData(FaultKind.Http429, EmulatorEndpoint.Generate)]
    [InlineData(FaultKind.Http503, EmulatorEndpoint.Generate)]
    [InlineData(FaultKind.Abort, EmulatorEndpoint.Generate)]
    [InlineData(FaultKind.Http503, EmulatorEndpoint.GenerateResult)]
    [InlineData(FaultKind.Abort, EmulatorEndpoint.GenerateResult)]
    public async Task Retries_transient_faults_and_pays_once(FaultKind kind, EmulatorEndpoint endpoint)
    {
        Inject(kind, endpoint, count: 2);

        var result = await GenerateClient().GenerateAsync(TextOnly(), TestSetup.Record([]), null, CancellationToken.None);

        Assert.Equal(TaskState.Succeeded, result.State);
        Assert.Equal(2, Emulator.Stats.FaultsInjected(kind));
        Assert.Equal(1, Emulator.Stats.Submissions);
        Assert.Equal(1, Emulator.Stats.Charges);
    }

    [Fact]
    public async Task The_empty_200_of_a_rejected_key_is_final_after_one_request()
    {
        Inject(FaultKind.RejectedKey, EmulatorEndpoint.Generate);

        var error = await Assert.ThrowsAsync<GrsaiAuthenticationException>(() =>
            GenerateClient().GenerateAsync(TextOnly(), TestSetup.Record([]), null, CancellationToken.None));

        Assert.True(error.DoomsKey);
        Assert.Equal(1, Emulator.Stats.RequestsTo(EmulatorEndpoint.Generate));
        Assert.Equal(0, Emulator.Stats.Submissions);
    }

    [Fact]
    public async Task A_failed_task_is_a_task_failure_worth_another_submission()
    {
        Inject(FaultKind.TaskError, EmulatorEndpoint.Generate, count: 1);

        var error = await Assert.ThrowsAsync<GrsaiTaskFailedException>(() =>
            GenerateClient().GenerateAsync(TextOnly(), TestSetup.Record([]), null, CancellationToken.None));

        Assert.StartsWith("14-", error.TaskId, StringComparison.Ordinal);
        Assert.Equal(0, Emulator.Stats.Charges);
    }

    [Fact]
    public async Task A_recorded_task_that_expired_is_reported_at_once_as_expired()
    {
        var client = GenerateClient();
        var id = await client.SubmitAsync(TextOnly(), CancellationToken.None);
        Emulator.ExpireTasks();

        var error = await Assert.ThrowsAsync<GrsaiTaskExpiredException>(() => client.WaitForResultAsync(id, null, CancellationToken.None));

        Assert.Equal(id, error.TaskId);
        Assert.Equal(1, Emulator.Stats.RequestsTo(EmulatorEndpoint.GenerateResult));
    }
}
