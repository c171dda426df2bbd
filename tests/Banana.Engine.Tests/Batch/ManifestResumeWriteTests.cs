using Banana.Engine.Manifest;
using Banana.Engine.Tests.Support;
using Xunit;

namespace Banana.Engine.Tests.Batch;

/// <summary>
/// Issue 13: a resumed batch's first write follows what planning changed. With the header unchanged, the manifest on
/// disk stays as it is and only new and changed rows go to the journal; a crash right after still resumes them all.
/// </summary>
public sealed class ManifestResumeWriteTests : IDisposable
{
    private readonly ScratchFolder temp = new();

    public void Dispose() => temp.Dispose();

    private string ManifestPath => temp.Combine(ManifestFile.FileName);

    private static ManifestDocument Header(string baseUri)
        => new() { CreatedAt = new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero), InputPath = "/photos/input", BaseUri = baseUri };

    private async Task<ManifestDocument> WriteFinishedBatchAsync(int count)
    {
        var rows = Enumerable.Range(1, count)
            .Select(i => new ManifestJob
            {
                Id = $"job{i}", Prompt = "p", Model = "m", AspectRatio = "auto", OutputName = $"a{i}.png",
                Status = ManifestJobStatus.Succeeded, Outputs = [$"a{i}.png"], UpdatedAt = DateTimeOffset.Now,
            })
            .ToArray();
        using (var manifest = new BatchManifest(ManifestPath, Header("https://grsai.dakka.com.cn/"), rows))
        {
            await manifest.CompleteAsync();
        }

        return ManifestFile.Load(ManifestPath, CancellationToken.None)!;
    }

    [Fact]
    public async Task A_resume_with_the_same_header_appends_only_new_and_changed_rows()
    {
        var earlier = await WriteFinishedBatchAsync(300);
        var before = await File.ReadAllBytesAsync(ManifestPath);
        var planned = earlier.Jobs.ToList();
        planned[41] = planned[41] with { Status = ManifestJobStatus.Pending, Outputs = [] }; // its result was removed
        planned.Add(new ManifestJob { Id = "new1", Prompt = "one more", Model = "m", AspectRatio = "auto", OutputName = "n1.png" });

        using (var manifest = new BatchManifest(ManifestPath, Header("https://grsai.dakka.com.cn/"), planned, earlier: earlier) { ScheduleWrites = false })
        {
            await manifest.BeginAsync(earlier, CancellationToken.None);
            // The process is killed here: no final write.
        }

        Assert.Equal(before, await File.ReadAllBytesAsync(ManifestPath));
        Assert.Equal(2, File.ReadAllLines(ManifestFile.JournalPath(ManifestPath)).Length);
        var resumed = ManifestFile.Load(ManifestPath, CancellationToken.None)!;
        Assert.Equal(301, resumed.Jobs.Count);
        Assert.Equal(ManifestJobStatus.Pending, resumed.Jobs[41].Status);
        Assert.Empty(resumed.Jobs[41].Outputs);
        Assert.Equal(ManifestJobStatus.Succeeded, resumed.Jobs[42].Status);
        Assert.Equal("one more", resumed.Jobs[300].Prompt);
    }

    [Fact]
    public async Task A_resume_against_another_service_writes_the_manifest_whole()
    {
        var earlier = await WriteFinishedBatchAsync(20);

        using (var manifest = new BatchManifest(ManifestPath, Header("http://127.0.0.1:5000/"), earlier.Jobs, earlier: earlier) { ScheduleWrites = false })
        {
            await manifest.BeginAsync(earlier, CancellationToken.None);
        }

        Assert.False(File.Exists(ManifestFile.JournalPath(ManifestPath)));
        var resumed = ManifestFile.Load(ManifestPath, CancellationToken.None)!;
        Assert.Equal("http://127.0.0.1:5000/", resumed.BaseUri);
        Assert.Equal(20, resumed.Jobs.Count);
    }
}
