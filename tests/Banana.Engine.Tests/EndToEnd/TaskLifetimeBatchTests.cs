using Banana.Client;
using Banana.Emulator;
using Banana.Engine.Tests.Support;
using Xunit;

namespace Banana.Engine.Tests.EndToEnd;

/// <summary>
/// Tasks recorded by a run that stopped: found expired (resubmitted at once, counted "expired, charged again"), or
/// recorded on the other API (polled there, never paid again). The emulator's charges are the truth.
/// </summary>
public sealed class TaskLifetimeBatchTests
{
    public static TheoryData<GrsaiApi> Apis => [GrsaiApi.Draw, GrsaiApi.Generate];

    [Theory]
    [MemberData(nameof(Apis))]
    public async Task A_rerun_that_finds_its_recorded_tasks_expired_submits_them_again_at_once_and_counts_them(GrsaiApi api)
    {
        await using var batch = await EmulatorBatch.StartAsync(new EmulatorSettings { GenerationLatency = TimeSpan.FromMinutes(5) }, api);
        InputFolder.Create(batch.Temp, 2, "a calm pose");
        await StopOnceSubmittedAsync(batch, 2);
        batch.Server.ExpireTasks();
        batch.Server.Configure(s => s with { GenerationLatency = TimeSpan.Zero });

        var (summary, observer) = await batch.RunAsync();

        Assert.Equal(2, summary.Succeeded);
        Assert.Equal(2, summary.ExpiredChargedAgain);
        Assert.Equal(0, summary.Resubmissions);
        Assert.Equal(4, batch.Server.Stats.Charges);
        Assert.Equal(2, batch.MostSubmissionsOfOneJob());
        Assert.Equal(2, observer.Warnings.Count(w => w.Contains("expired", StringComparison.Ordinal)));
        Assert.All(observer.Results, r => Assert.Equal(1, r.ExpiredResubmissions));
        Assert.All(batch.ManifestJobs(), job => Assert.Equal(1, job.GetProperty("expiredResubmissions").GetInt32()));
        Assert.Contains("Expired, charged again", File.ReadAllText(summary.ReportPath), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(GrsaiApi.Generate, GrsaiApi.Draw)]
    [InlineData(GrsaiApi.Draw, GrsaiApi.Generate)]
    public async Task A_rerun_on_the_other_api_polls_the_tasks_where_they_were_submitted_and_pays_nothing_again(GrsaiApi first, GrsaiApi second)
    {
        await using var batch = await EmulatorBatch.StartAsync(new EmulatorSettings { GenerationLatency = TimeSpan.FromSeconds(2) }, first);
        InputFolder.Create(batch.Temp, 2, "a calm pose");
        await StopOnceSubmittedAsync(batch, 2);

        batch.Api = second;
        var (summary, observer) = await batch.RunAsync();

        Assert.Equal(2, summary.Succeeded);
        Assert.Equal(0, summary.ExpiredChargedAgain);
        Assert.Equal(2, batch.Server.Stats.Charges);
        Assert.Equal(1, batch.MostSubmissionsOfOneJob());
        Assert.All(observer.Results, r => Assert.Equal(first.ToString(), r.Api));
    }

    [Fact]
    public async Task The_models_text_reply_is_kept_in_the_result_the_manifest_and_the_report()
    {
        await using var batch = await EmulatorBatch.StartAsync(api: GrsaiApi.Generate);
        InputFolder.Create(batch.Temp, 1, "a red umbrella");

        var (summary, observer) = await batch.RunAsync();

        var result = Assert.Single(observer.Results);
        Assert.Contains("a red umbrella", result.Content, StringComparison.Ordinal);
        Assert.Equal("Generate", result.Api);
        Assert.Contains("a red umbrella", Assert.Single(batch.ManifestJobs()).GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.Contains("class=\"reply\"", File.ReadAllText(summary.ReportPath), StringComparison.Ordinal);
    }

    /// <summary>Runs the batch until the emulator has <paramref name="tasks"/> tasks, then stops it as Ctrl+C would.</summary>
    private static async Task StopOnceSubmittedAsync(EmulatorBatch batch, int tasks)
    {
        using var stop = new CancellationTokenSource();
        var run = batch.RunAsync(cancellationToken: stop.Token);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (batch.Server.Stats.Submissions < tasks && !run.IsCompleted && waited.Elapsed < TimeSpan.FromMinutes(1))
        {
            await Task.Delay(20);
        }

        Assert.Equal(tasks, batch.Server.Stats.Submissions);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.All(batch.ManifestJobs(), job => Assert.False(string.IsNullOrEmpty(job.GetProperty("taskId").GetString())));
    }
}
