using System.Text.Json.Nodes;
using Banana.Engine.Manifest;
using Banana.Engine.Tests.Support;
using Xunit;

namespace Banana.Engine.Tests.Batch;

public sealed class ManifestJournalTests : IDisposable
{
    private readonly ScratchFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task A_task_id_only_in_the_journal_survives_a_killed_process()
    {
        var path = temp.Combine(ManifestFile.FileName);
        var pending = new ManifestJob { Id = "job1", Prompt = "p", OutputName = "a_p1_1.png", UpdatedAt = DateTimeOffset.Now };
        using (var manifest = new BatchManifest(path, new ManifestDocument(), [pending]))
        {
            await manifest.FlushAsync(CancellationToken.None);
            manifest.Update(0, r => r with { TaskId = "task-42", KeyNumber = 2, Status = ManifestJobStatus.Submitted });
            await manifest.PersistAsync(0, CancellationToken.None);

            // The process dies here: no full write, and half a line at the end of the journal.
            await File.AppendAllTextAsync(ManifestFile.JournalPath(path), "{\"id\":\"job1\",\"status\":\"succ");
        }

        var loaded = ManifestFile.Load(path, CancellationToken.None);

        var row = Assert.Single(loaded!.Jobs);
        Assert.Equal("task-42", row.TaskId);
        Assert.Equal(2, row.KeyNumber);
        Assert.Equal(ManifestJobStatus.Submitted, row.Status);
    }

    [Fact]
    public async Task The_final_write_folds_the_journal_into_the_manifest_and_removes_it()
    {
        var path = temp.Combine(ManifestFile.FileName);
        using var manifest = new BatchManifest(path, new ManifestDocument(), [new ManifestJob { Id = "job1", OutputName = "x.png" }]);
        manifest.Update(0, r => r with { TaskId = "task-7", Status = ManifestJobStatus.Submitted });
        await manifest.PersistAsync(0, CancellationToken.None);

        await manifest.CompleteAsync();

        Assert.False(File.Exists(ManifestFile.JournalPath(path)));
        var row = Assert.Single(JsonNode.Parse(await File.ReadAllTextAsync(path))!["jobs"]!.AsArray());
        Assert.Equal("task-7", (string?)row!["taskId"]);
    }
}

/// <summary>
/// Issue 13: what a running batch writes follows what changed. Scheduled writes append changed rows to the journal;
/// the manifest is rewritten whole only once the journal is as large as it, and then the journal starts over, keeping
/// the space reserved for submissions in flight.
/// </summary>
public sealed class ManifestCompactionTests : IDisposable
{
    private readonly ScratchFolder temp = new();

    public void Dispose() => temp.Dispose();

    private string ManifestPath => temp.Combine(ManifestFile.FileName);

    private string JournalPath => ManifestFile.JournalPath(ManifestPath);

    private static ManifestJob[] Rows(int count)
        => Enumerable.Range(1, count)
            .Select(i => new ManifestJob { Id = $"job{i}", Prompt = $"prompt {i}", Model = "m", AspectRatio = "auto", OutputName = $"a{i}.png" })
            .ToArray();

    [Fact]
    public async Task A_scheduled_write_appends_the_changed_rows_and_leaves_the_manifest_alone()
    {
        using var manifest = new BatchManifest(ManifestPath, new ManifestDocument(), Rows(500)) { ScheduleWrites = false };
        await manifest.FlushAsync(CancellationToken.None);
        var written = await File.ReadAllBytesAsync(ManifestPath);

        manifest.Update(7, r => r with { Status = ManifestJobStatus.Succeeded, Outputs = ["a8.png"] });
        manifest.Update(300, r => r with { ErrorId = "Moderated", Status = ManifestJobStatus.Failed });
        await manifest.WriteChangesAsync(CancellationToken.None);

        Assert.Equal(written, await File.ReadAllBytesAsync(ManifestPath));
        var lines = File.ReadAllLines(JournalPath);
        Assert.Equal(2, lines.Length);
        var loaded = ManifestFile.Load(ManifestPath, CancellationToken.None)!;
        Assert.Equal(ManifestJobStatus.Succeeded, loaded.Jobs[7].Status);
        Assert.Equal(["a8.png"], loaded.Jobs[7].Outputs);
        Assert.Equal(ManifestJobStatus.Failed, loaded.Jobs[300].Status);
        Assert.Equal(ManifestJobStatus.Pending, loaded.Jobs[8].Status);
    }

    [Fact]
    public async Task A_row_already_persisted_is_not_appended_again()
    {
        using var manifest = new BatchManifest(ManifestPath, new ManifestDocument(), Rows(3)) { ScheduleWrites = false };
        await manifest.FlushAsync(CancellationToken.None);

        manifest.Update(1, r => r with { TaskId = "task-1", Status = ManifestJobStatus.Submitted });
        await manifest.PersistAsync(1, CancellationToken.None);
        await manifest.WriteChangesAsync(CancellationToken.None);

        Assert.Single(File.ReadAllLines(JournalPath));
    }

    [Fact]
    public async Task Once_the_journal_outgrows_the_manifest_it_is_folded_in_and_a_reserved_slot_survives()
    {
        using var manifest = new BatchManifest(ManifestPath, new ManifestDocument(), Rows(200)) { ScheduleWrites = false };
        await manifest.FlushAsync(CancellationToken.None);
        await manifest.ReserveAsync(0, CancellationToken.None);

        // Changes on every row, many times over, until the journal is past the smallest size that is folded in.
        var round = 0;
        while (new FileInfo(JournalPath).Length < BatchManifest.MinimumCompactionBytes)
        {
            round++;
            for (var i = 1; i < 200; i++)
            {
                manifest.Update(i, r => r with { Error = $"round {round}", Attempts = round });
            }

            await manifest.WriteChangesAsync(CancellationToken.None);
        }

        await manifest.WriteChangesAsync(CancellationToken.None);

        // Folded in: the manifest holds the last round; the journal holds only the blank space of the reservation.
        var whole = ManifestFile.Load(ManifestPath, CancellationToken.None)!;
        Assert.All(whole.Jobs.Skip(1), row => Assert.Equal(round, row.Attempts));
        var journal = await File.ReadAllTextAsync(JournalPath);
        Assert.True(journal.Trim().Length == 0, "only the reserved slot's blank line is left");
        var slotBytes = journal.Length;

        // The task id arrives for the space reserved before the journal started over, and takes no new space.
        manifest.Update(0, r => r with { TaskId = "task-0", KeyNumber = 1, Status = ManifestJobStatus.Submitted });
        await manifest.PersistAsync(0, CancellationToken.None);

        Assert.Equal(slotBytes, new FileInfo(JournalPath).Length);
        var loaded = ManifestFile.Load(ManifestPath, CancellationToken.None)!;
        Assert.Equal("task-0", loaded.Jobs[0].TaskId);
        Assert.Equal(round, loaded.Jobs[199].Attempts);
    }

    [Fact]
    public async Task A_journal_that_cannot_start_over_keeps_its_rows_and_its_reserved_space()
    {
        var storage = new NoRoomForANewJournal();
        using var manifest = new BatchManifest(ManifestPath, new ManifestDocument(), Rows(2), storage) { ScheduleWrites = false };
        await manifest.FlushAsync(CancellationToken.None);
        await manifest.ReserveAsync(0, CancellationToken.None);
        manifest.Update(1, r => r with { Status = ManifestJobStatus.Failed, Error = "moderated" });
        await manifest.PersistAsync(1, CancellationToken.None);
        var before = new FileInfo(JournalPath).Length;

        await manifest.FlushAsync(CancellationToken.None);

        Assert.Equal(1, storage.Refused);
        Assert.Equal(before, new FileInfo(JournalPath).Length);
        manifest.Update(0, r => r with { TaskId = "task-0", KeyNumber = 1, Status = ManifestJobStatus.Submitted });
        await manifest.PersistAsync(0, CancellationToken.None);
        Assert.Equal(before, new FileInfo(JournalPath).Length);
        var loaded = ManifestFile.Load(ManifestPath, CancellationToken.None)!;
        Assert.Equal("task-0", loaded.Jobs[0].TaskId);
        Assert.Equal(ManifestJobStatus.Failed, loaded.Jobs[1].Status);
    }

    [Fact]
    public async Task Rows_changed_within_one_clock_tick_keep_their_order_on_disk()
    {
        using var manifest = new BatchManifest(ManifestPath, new ManifestDocument(), Rows(1));
        await manifest.FlushAsync(CancellationToken.None);

        var stamps = Enumerable.Range(1, 50).Select(i => manifest.Update(0, r => r with { Attempts = i }).UpdatedAt).ToList();

        Assert.Equal(stamps.Count, stamps.Distinct().Count());
        Assert.Equal(stamps.Order(), stamps);
    }

    /// <summary>A disk with room for the manifest but not for a new journal beside the old one.</summary>
    private sealed class NoRoomForANewJournal : ManifestStorage
    {
        public int Refused { get; private set; }

        public override Task ReplaceJournalAsync(string path, byte[] content)
        {
            Refused++;
            throw new IOException("No space left on device");
        }
    }
}
