using System.Text.Json;
using Banana.Engine.Manifest;
using Banana.Engine.Tests.Support;
using Xunit;

namespace Banana.Engine.Tests.Batch;

/// <summary>What a rerun tidies up after a run that was killed: its partial downloads and its journal.</summary>
public sealed class RerunCleanupTests : IDisposable
{
    private readonly ScratchFolder temp = new();

    public void Dispose() => temp.Dispose();

    private string Output => temp.Combine("out");

    private string ManifestPath => Path.Combine(Output, ManifestFile.FileName);

    private Task<BatchSummary> RunAsync(string input)
    {
        var client = new FakeGrsaiClient();
        var options = new BatchOptions
        {
            InputPath = input,
            OutputPath = Output,
        };
        return FakeEngine.For(client, new RecordingObserver()).RunBatchAsync(options, CancellationToken.None);
    }

    [Fact]
    public async Task A_rerun_removes_partial_downloads_of_its_results_and_nothing_else()
    {
        var input = InputFolder.Create(temp, 1, "p");
        await RunAsync(input);
        var leftover = Path.Combine(Output, "photo01_p1_1.png.k3v9x0qa.partial");
        var foreign = new[]
        {
            Path.Combine(Output, "holiday.png.k3v9x0qa.partial"),
            Path.Combine(Output, "photo01_p1_1.png.partial"),
            Path.Combine(Output, "photo01_p1_1.png.my-copy.partial"),
        };
        File.WriteAllBytes(leftover, [1, 2, 3]);
        foreach (var path in foreign)
        {
            File.WriteAllText(path, "not the batch's");
        }

        var summary = await RunAsync(input);

        Assert.Equal(1, summary.Skipped);
        Assert.False(File.Exists(leftover));
        Assert.All(foreign, path => Assert.True(File.Exists(path), path + " was deleted"));
    }

    [Fact]
    public async Task A_rerun_with_nothing_to_do_removes_a_journal_a_killed_run_left()
    {
        var input = InputFolder.Create(temp, 1, "p");
        await RunAsync(input);
        var row = Assert.Single(ManifestFile.Load(ManifestPath, CancellationToken.None)!.Jobs);
        File.WriteAllText(ManifestFile.JournalPath(ManifestPath), JsonSerializer.Serialize(row, ManifestFile.JournalOptions) + "\n");

        var summary = await RunAsync(input);

        Assert.Equal(1, summary.Skipped);
        Assert.False(File.Exists(ManifestFile.JournalPath(ManifestPath)));
        var kept = Assert.Single(ManifestFile.Load(ManifestPath, CancellationToken.None)!.Jobs);
        Assert.Equal(ManifestJobStatus.Succeeded, kept.Status);
        Assert.Equal(row.Outputs, kept.Outputs);
    }
}
