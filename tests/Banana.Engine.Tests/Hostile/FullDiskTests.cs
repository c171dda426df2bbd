using Banana.Client;
using Banana.Engine.Hosting;
using Banana.Engine.Manifest;
using Banana.Engine.Tests.Support;
using Xunit;

namespace Banana.Engine.Tests.Hostile;

/// <summary>
/// Recording is never the weak link (issue 11, point 5): whenever the disk fills up, the run stops submitting with
/// ManifestWriteFailed, every task id it received reaches the disk, and the rerun after space is freed pays for
/// nothing twice.
/// </summary>
public sealed class FullDiskTests : IDisposable
{
    private readonly ScratchFolder temp = new();

    public void Dispose() => temp.Dispose();

    private static BananaEngine Engine(IGrsaiClient client, ManifestStorage storage)
        => new(
            new EngineSettings
            {
                Connection = new ConnectionSettings(["sk-test"], new Uri("https://api.example")),
                Wording = TestWording.Instance,
                ManifestStorage = storage,
            },
            new RecordingObserver(),
            _ => client);

    [Fact]
    public async Task Whenever_the_disk_fills_up_the_rerun_pays_for_no_job_twice()
    {
        var input = InputFolder.Create(temp, 3, "one pose", "another pose");
        var stopped = 0;
        for (var free = 0; free <= 16_000; free += 600)
        {
            var output = temp.Combine($"out-{free}");
            var client = new FakeGrsaiClient();
            var options = new BatchOptions { InputPath = input, OutputPath = output, GenerationConcurrency = 2 };
            var disk = new FullDiskStorage(free);

            var first = await Record.ExceptionAsync(() => Engine(client, disk).RunBatchAsync(options, CancellationToken.None));

            if (first is not null)
            {
                var error = Assert.IsType<BananaException>(first);
                Assert.Contains(error.ErrorId, new[] { "ManifestWriteFailed", "OutputPathNotWritable" });
                Assert.Contains("No space left on device", error.Message, StringComparison.Ordinal);
                if (error.ErrorId == "ManifestWriteFailed")
                {
                    stopped++;
                    Assert.True(File.Exists(Path.Combine(output, "report.html")), $"free {free}: a stopped run still writes its report");
                }
                else
                {
                    Assert.Empty(client.Submitted);
                }
            }

            // Space is freed; the same command again.
            var second = await Engine(client, ManifestStorage.Disk).RunBatchAsync(options, CancellationToken.None);

            Assert.Equal(6, second.Succeeded + second.Skipped);
            var perJob = client.Submitted.GroupBy(r => r.Prompt + "|" + string.Join(",", r.ImageUrls)).ToList();
            Assert.Equal(6, perJob.Count);
            Assert.All(perJob, job => Assert.True(job.Count() == 1, $"free {free}: {job.Key} was paid {job.Count()} times"));
        }

        Assert.True(stopped > 3, $"the disk filled up mid-run in only {stopped} case(s): the test would prove nothing");
    }

    [Fact]
    public async Task A_full_disk_before_a_submission_stops_it_and_leaves_a_journal_that_loads()
    {
        var path = temp.Combine(ManifestFile.FileName);
        var rows = Enumerable.Range(1, 3)
            .Select(i => new ManifestJob { Id = $"job{i}", Prompt = "p", Model = "m", AspectRatio = "auto", OutputName = $"a{i}.png" })
            .ToArray();
        var disk = new FullDiskStorage(0);
        disk.Give(3_000);
        using var manifest = new BatchManifest(path, new ManifestDocument(), rows, disk);
        await manifest.FlushAsync(CancellationToken.None);
        await manifest.ReserveAsync(0, CancellationToken.None);
        manifest.Update(0, r => r with { TaskId = "task-1", Status = ManifestJobStatus.Submitted });

        // The disk is full now: no further submission may start, but the reserved id is recorded.
        disk.Take(long.MaxValue);
        var refused = await Assert.ThrowsAsync<BananaException>(() => manifest.ReserveAsync(1, CancellationToken.None));
        await manifest.PersistAsync(0, CancellationToken.None);
        var again = await Assert.ThrowsAsync<BananaException>(() => manifest.ReserveAsync(2, CancellationToken.None));

        Assert.Equal("ManifestWriteFailed", refused.ErrorId);
        Assert.Contains("No space left on device", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Nothing more is submitted", again.Message, StringComparison.Ordinal);
        var loaded = ManifestFile.Load(path, CancellationToken.None);
        Assert.Equal("task-1", loaded!.Jobs[0].TaskId);
        Assert.All(File.ReadAllLines(ManifestFile.JournalPath(path)), line => Assert.True(
            line.Trim().Length == 0 || line.TrimStart().StartsWith('{') && line.TrimEnd().EndsWith('}'), "torn journal line: " + line));
    }

    [Fact]
    public async Task A_reserved_task_id_reaches_the_disk_even_when_an_older_unrecorded_row_still_does_not_fit()
    {
        var path = temp.Combine(ManifestFile.FileName);
        var rows = Enumerable.Range(1, 2)
            .Select(i => new ManifestJob { Id = $"job{i}", Prompt = "p", Model = "m", AspectRatio = "auto", OutputName = $"a{i}.png" })
            .ToArray();
        var disk = new FullDiskStorage(100_000);
        using var manifest = new BatchManifest(path, new ManifestDocument(), rows, disk);
        await manifest.FlushAsync(CancellationToken.None);
        await manifest.ReserveAsync(0, CancellationToken.None);

        // The disk fills up; job 2's output names (persisted without a reservation) do not fit and stay in memory.
        disk.Take(long.MaxValue);
        manifest.Update(1, r => r with { Outputs = ["a2.png"], TaskId = "task-2", Status = ManifestJobStatus.Downloading });
        await Assert.ThrowsAsync<BananaException>(() => manifest.PersistAsync(1, CancellationToken.None));

        // Job 1's task id arrives for the space reserved before it was submitted.
        manifest.Update(0, r => r with { TaskId = "task-1", KeyNumber = 1, Status = ManifestJobStatus.Submitted });
        await Record.ExceptionAsync(() => manifest.PersistAsync(0, CancellationToken.None));

        var loaded = ManifestFile.Load(path, CancellationToken.None);
        Assert.Equal("task-1", loaded!.Jobs[0].TaskId);
    }

    [Fact]
    public async Task A_task_id_that_could_not_be_recorded_is_kept_named_and_written_when_space_returns()
    {
        var path = temp.Combine(ManifestFile.FileName);
        var rows = new[] { new ManifestJob { Id = "job1", Prompt = "p", Model = "m", AspectRatio = "auto", OutputName = "a1.png" } };
        var disk = new FullDiskStorage(100_000);
        using var manifest = new BatchManifest(path, new ManifestDocument(), rows, disk);
        await manifest.FlushAsync(CancellationToken.None);

        // No reservation (a row persisted without one, as output names are): the disk is full when it is written.
        manifest.Update(0, r => r with { TaskId = "task-77", KeyNumber = 1, Status = ManifestJobStatus.Submitted });
        disk.Take(long.MaxValue);
        var error = await Assert.ThrowsAsync<BananaException>(() => manifest.PersistAsync(0, CancellationToken.None));

        Assert.Equal("ManifestWriteFailed", error.ErrorId);
        Assert.Contains("job job1 (a1.png) is task task-77 of key #1", error.Message, StringComparison.Ordinal);

        disk.Give(100_000);
        await manifest.CompleteAsync();
        var loaded = ManifestFile.Load(path, CancellationToken.None);
        Assert.Equal("task-77", loaded!.Jobs[0].TaskId);
    }
}
