using Banana.Client;
using Banana.Emulator;
using Banana.Engine.Tests.Support;
using Xunit;

namespace Banana.Engine.Tests.EndToEnd;

/// <summary>Whole batches against the in-process emulator with the real client; the emulator's counters are the truth.</summary>
public sealed class BatchAgainstEmulatorTests
{
    [Fact]
    public async Task Each_image_is_uploaded_once_results_are_pngs_and_the_manifest_records_every_job()
    {
        await using var batch = await EmulatorBatch.StartAsync();
        InputFolder.Create(batch.Temp, 3, "换一个自然休闲优雅的pose", "standing");

        var (summary, observer) = await batch.RunAsync();

        Assert.Equal(6, summary.Succeeded);
        Assert.Equal(3, batch.Server.Stats.Uploads);
        Assert.Equal(6, batch.Server.Stats.Submissions);
        Assert.Equal(batch.ManifestPath, summary.ManifestPath);
        Assert.Equal(6, batch.OutputPngs().Length);
        foreach (var png in batch.OutputPngs())
        {
            Assert.True(await ImageFormat.IsCompleteImageFileAsync(Path.Combine(batch.Output, png), CancellationToken.None), png);
        }

        var jobs = batch.ManifestJobs().ToList();
        Assert.Equal(6, jobs.Count);
        Assert.All(jobs, job =>
        {
            Assert.Equal("succeeded", job.GetProperty("status").GetString());
            Assert.Equal(1, job.GetProperty("keyNumber").GetInt32());
            Assert.False(string.IsNullOrEmpty(job.GetProperty("taskId").GetString()));
            Assert.Equal(64, job.GetProperty("sourceSha256").GetString()!.Length);
            Assert.StartsWith(batch.Server.BaseUri.ToString(), job.GetProperty("uploadUrl").GetString(), StringComparison.Ordinal);
            Assert.Equal(1, job.GetProperty("attempts").GetInt32());
        });
        Assert.Contains("换一个自然休闲优雅的pose", File.ReadAllText(batch.ManifestPath), StringComparison.Ordinal);
        Assert.DoesNotContain(EmulatorBatch.Key, batch.AllWrittenText(), StringComparison.Ordinal);
        Assert.DoesNotContain(observer.AllText(), line => line.Contains(EmulatorBatch.Key, StringComparison.Ordinal));
        Assert.NotEmpty(observer.Progress);
        Assert.Equal(6, observer.Progress.Last().Completed);
    }

    [Fact]
    public async Task A_rerun_skips_finished_jobs_and_submits_nothing()
    {
        await using var batch = await EmulatorBatch.StartAsync();
        InputFolder.Create(batch.Temp, 2, "p1", "p2");
        await batch.RunAsync();

        var (again, observer) = await batch.RunAsync();

        Assert.Equal(4, again.Skipped);
        Assert.Equal(4, batch.Server.Stats.Submissions);
        Assert.Equal(2, batch.Server.Stats.Uploads);
        Assert.All(observer.Results, r => Assert.Equal(JobStatus.Skipped, r.Status));
    }

    [Fact]
    public async Task A_rerun_makes_again_only_the_results_removed_or_damaged_since_and_skips_the_rest()
    {
        await using var batch = await EmulatorBatch.StartAsync();
        InputFolder.Create(batch.Temp, 3, "p1", "p2");
        await batch.RunAsync();
        var pngs = batch.OutputPngs();
        File.Delete(Path.Combine(batch.Output, pngs[1]));
        var damaged = Path.Combine(batch.Output, pngs[4]);
        File.WriteAllBytes(damaged, File.ReadAllBytes(damaged)[..100]);

        var (again, observer) = await batch.RunAsync();

        Assert.Equal(4, again.Skipped);
        Assert.Equal(2, again.Succeeded);
        Assert.Equal(8, batch.Server.Stats.Submissions);
        Assert.Equal(3, batch.Server.Stats.Uploads); // the recorded uploads serve the jobs made again
        Assert.Equal(4, observer.Results.Count(r => r.Status == JobStatus.Skipped));
        foreach (var png in pngs)
        {
            Assert.True(await ImageFormat.IsCompleteImageFileAsync(Path.Combine(batch.Output, png), CancellationToken.None), png);
        }

        Assert.All(batch.ManifestJobs(), job => Assert.Equal("succeeded", job.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Cancelling_stops_the_batch_early_and_the_rerun_finishes_without_paying_twice()
    {
        await using var batch = await EmulatorBatch.StartAsync(new EmulatorSettings { GenerationLatency = TimeSpan.FromMilliseconds(300) });
        InputFolder.Create(batch.Temp, 4, "p1", "p2", "p3");
        using var cancel = new CancellationTokenSource();
        var observer = new RecordingObserver(_ => cancel.Cancel());

        // Stopping is judged by what was left undone (firstRun < 12 below), never by how long it took.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => batch.Engine(observer).RunBatchAsync(batch.Options(), cancel.Token));

        Assert.Empty(Directory.GetFiles(batch.Output, "*.tmp"));
        Assert.Contains(batch.ManifestJobs(), j => j.GetProperty("status").GetString() != "succeeded");
        var firstRun = batch.Server.Stats.Submissions;

        var (summary, _) = await batch.RunAsync();

        Assert.Equal(12, summary.Succeeded + summary.Skipped);
        Assert.Equal(12, batch.OutputPngs().Length);
        Assert.Equal(1, batch.MostSubmissionsOfOneJob());
        Assert.Equal(12, batch.Server.Stats.Submissions);
        Assert.Equal(12, batch.Server.Stats.Charges);
        Assert.True(firstRun < 12);
    }

    [Fact]
    public async Task A_job_with_a_recorded_task_id_is_polled_not_submitted_again()
    {
        await using var batch = await EmulatorBatch.StartAsync();
        InputFolder.Create(batch.Temp, 1, "p1");
        await batch.RunAsync();

        // As if the process died after recording the task id, before the download.
        var output = Path.Combine(batch.Output, "photo01_p1_1.png");
        File.Delete(output);
        File.WriteAllText(batch.ManifestPath, File.ReadAllText(batch.ManifestPath).Replace("\"succeeded\"", "\"submitted\"", StringComparison.Ordinal));
        var polls = batch.Server.Stats.Polls;

        var (summary, _) = await batch.RunAsync();

        Assert.Equal(1, summary.Succeeded);
        Assert.Equal(1, batch.Server.Stats.Submissions);
        Assert.True(batch.Server.Stats.Polls > polls);
        Assert.True(File.Exists(output));
    }

    [Fact]
    public async Task A_changed_image_makes_new_jobs_and_keeps_the_old_results()
    {
        await using var batch = await EmulatorBatch.StartAsync();
        InputFolder.Create(batch.Temp, 2, "p1");
        await batch.RunAsync();
        var oldResult = File.ReadAllBytes(Path.Combine(batch.Output, "photo01_p1_1.png"));

        TestImages.Write(Path.Combine(batch.Input, "image", "photo01.png"), TestImages.Png(2, 2, 250, 250, 250));
        var (summary, _) = await batch.RunAsync();

        Assert.Equal(1, summary.Succeeded);
        Assert.Equal(1, summary.Skipped);
        Assert.Equal(3, batch.Server.Stats.Submissions);
        Assert.Equal(oldResult, File.ReadAllBytes(Path.Combine(batch.Output, "photo01_p1_1.png")));
        Assert.Contains("photo01_p1_1_v2.png", batch.OutputPngs());
        Assert.Equal(3, batch.ManifestJobs().Count());
    }

    [Fact]
    public async Task Two_keys_share_the_batch_and_a_key_rejected_midway_is_retired_while_the_other_finishes()
    {
        await using var batch = await EmulatorBatch.StartAsync(new EmulatorSettings { GenerationLatency = TimeSpan.FromMilliseconds(30) });
        InputFolder.Create(batch.Temp, 5, "p1", "p2", "p3", "p4");
        const string second = "sk-engine-test-second-0002";
        // Rejected on its fifth submission: the tasks it already has go on being polled (with that key, which the service
        // still answers for them); the jobs it would have taken go to the first key.
        batch.Server.AddFault(new FaultRule { Endpoint = EmulatorEndpoint.Draw, Kind = FaultKind.RejectedKey, ApiKey = second, After = 4 });

        var (summary, observer) = await batch.RunAsync(keys: [EmulatorBatch.Key, second]);

        Assert.Equal(20, summary.Succeeded);
        Assert.Equal(1, batch.MostSubmissionsOfOneJob());
        Assert.True(batch.Server.Stats.FaultsInjected(FaultKind.RejectedKey) >= 1, "key #2 must have been rejected"); // requests in flight meet it too
        Assert.Equal(20, batch.Server.Stats.Charges);
        var warning = Assert.Single(observer.Warnings);
        Assert.Contains("key #2", warning, StringComparison.Ordinal);
        Assert.DoesNotContain(second, batch.AllWrittenText(), StringComparison.Ordinal);
        Assert.DoesNotContain(observer.AllText(), line => line.Contains(second, StringComparison.Ordinal) || line.Contains(EmulatorBatch.Key, StringComparison.Ordinal));
        var keyNumbers = batch.ManifestJobs().Select(j => j.GetProperty("keyNumber").GetInt32()).Distinct().Order().ToArray();
        Assert.Equal([1, 2], keyNumbers);
    }

    [Fact]
    public async Task A_rejected_only_key_stops_a_100_job_batch_after_a_few_requests()
    {
        await using var batch = await EmulatorBatch.StartAsync(new EmulatorSettings { RejectedKeys = [EmulatorBatch.Key] });
        InputFolder.Create(batch.Temp, 10, Enumerable.Range(1, 10).Select(i => $"prompt {i}").ToArray());

        var e = await Assert.ThrowsAsync<BananaException>(() => batch.RunAsync());

        Assert.Equal("ApiKeyRejected", e.ErrorId);
        Assert.Equal(BananaErrorKind.NoUsableKey, e.Kind);
        Assert.Contains("run the same command again", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(EmulatorBatch.Key, e.Message, StringComparison.Ordinal);
        var requests = batch.Server.Stats.RequestsTo(EmulatorEndpoint.UploadToken) + batch.Server.Stats.RequestsTo(EmulatorEndpoint.Draw);
        Assert.InRange(requests, 1, 8);
        var jobs = batch.ManifestJobs().ToList();
        Assert.Equal(100, jobs.Count);
        Assert.DoesNotContain(jobs, j => j.GetProperty("status").GetString() == "failed");
    }

    [Fact]
    public async Task A_task_failing_with_error_is_resubmitted_and_moderation_is_final()
    {
        await using var batch = await EmulatorBatch.StartAsync();
        InputFolder.Create(batch.Temp, 1, "fine", "please MODERATE_ME");
        batch.Server.AddFault(new FaultRule { Endpoint = EmulatorEndpoint.Draw, Kind = FaultKind.TaskError, Count = 1 });
        var options = batch.Options();
        options.GenerationConcurrency = 1; // the injected failure hits the first job, "fine"

        var (summary, observer) = await batch.RunAsync(options);

        Assert.Equal(1, summary.Succeeded);
        Assert.Equal(1, summary.Failed);
        var refused = Assert.Single(observer.Results, r => r.Status == JobStatus.Failed);
        Assert.Equal("ContentModerated", refused.ErrorId);
        Assert.Equal(1, refused.Attempts);
        var fine = Assert.Single(observer.Results, r => r.Status == JobStatus.Succeeded);
        Assert.Equal(2, fine.Attempts);
        Assert.Equal(3, batch.Server.Stats.Submissions);
        Assert.Equal(1, batch.Server.Stats.FaultsInjected(FaultKind.TaskError));
        Assert.Equal(1, batch.Server.Stats.Charges); // the failed and the moderated task were refunded
        var failedRow = Assert.Single(batch.ManifestJobs(), j => j.GetProperty("status").GetString() == "failed");
        Assert.Equal("ContentModerated", failedRow.GetProperty("errorId").GetString());
    }
}
