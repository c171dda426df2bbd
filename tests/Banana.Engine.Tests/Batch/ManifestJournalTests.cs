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

        var loaded = await ManifestFile.LoadAsync(path, CancellationToken.None);

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
        Assert.Contains("\"taskId\": \"task-7\"", await File.ReadAllTextAsync(path), StringComparison.Ordinal);
    }
}
