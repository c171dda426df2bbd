using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Banana.Client;
using Banana.Engine.Manifest;
using Banana.Engine.Tests.Support;
using Xunit;

namespace Banana.Engine.Tests.Batch;

/// <summary>
/// The manifest's rows are read by hand (<see cref="ManifestJobReader"/>) and written by generated code: whatever a row
/// records must come back as it was written, in any spelling of its field names, or a resumed batch would lose a task
/// id, an upload or a result it paid for.
/// </summary>
public sealed class ManifestRowReadingTests : IDisposable
{
    private readonly ScratchFolder temp = new();

    public void Dispose() => temp.Dispose();

    private string ManifestPath => temp.Combine(ManifestFile.FileName);

    private static string AsJson(ManifestJob row) => JsonSerializer.Serialize(row, ManifestFile.JournalOptions);

    [Fact]
    public void The_sample_row_sets_every_field_a_row_has()
    {
        var sample = ManifestSamples.EveryFieldSet();
        var blank = new ManifestJob();
        var unset = typeof(ManifestJob).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract")
            .Where(p => JsonSerializer.Serialize(p.GetValue(sample)) == JsonSerializer.Serialize(p.GetValue(blank)))
            .Select(p => p.Name);

        Assert.Empty(unset);
    }

    [Fact]
    public async Task Every_field_reads_back_as_it_was_written()
    {
        var row = ManifestSamples.EveryFieldSet();
        await ManifestFile.SaveAsync(new ManifestDocument { Jobs = [row, row with { Id = "fedcba9876543210" }] }, ManifestPath);

        var loaded = ManifestFile.Load(ManifestPath, CancellationToken.None)!;

        Assert.Equal(2, loaded.Jobs.Count);
        Assert.Equal(AsJson(row), AsJson(loaded.Jobs[0]));
        Assert.Equal(AsJson(row with { Id = "fedcba9876543210" }), AsJson(loaded.Jobs[1]));
    }

    [Fact]
    public async Task A_journal_row_reads_back_as_it_was_written()
    {
        var row = ManifestSamples.EveryFieldSet();
        await ManifestFile.SaveAsync(new ManifestDocument { Jobs = [row with { Status = ManifestJobStatus.Pending, TaskId = null }] }, ManifestPath);
        await File.WriteAllTextAsync(ManifestFile.JournalPath(ManifestPath), AsJson(row with { UpdatedAt = row.UpdatedAt.AddMinutes(1) }) + "\n");

        var loaded = Assert.Single(ManifestFile.Load(ManifestPath, CancellationToken.None)!.Jobs);

        Assert.Equal(AsJson(row with { UpdatedAt = row.UpdatedAt.AddMinutes(1) }), AsJson(loaded));
    }

    [Fact]
    public async Task Field_names_in_another_case_and_fields_it_does_not_know_are_read_as_before()
    {
        var row = ManifestSamples.EveryFieldSet();
        await ManifestFile.SaveAsync(new ManifestDocument { Jobs = [row] }, ManifestPath);
        var document = JsonNode.Parse(await File.ReadAllTextAsync(ManifestPath))!.AsObject();
        var written = document["jobs"]![0]!.AsObject();
        var renamed = new JsonObject { ["addedByANewerBanana"] = new JsonObject { ["nested"] = new JsonArray(1, 2) } };
        foreach (var (name, value) in written.ToList())
        {
            renamed[char.ToUpperInvariant(name[0]) + name[1..]] = value?.DeepClone();
        }

        renamed["Upload"]!["WIDTH"] = 800;
        renamed["Upload"]!.AsObject().Remove("width");
        document["jobs"] = new JsonArray(renamed);
        await File.WriteAllTextAsync(ManifestPath, document.ToJsonString());

        var loaded = Assert.Single(ManifestFile.Load(ManifestPath, CancellationToken.None)!.Jobs);

        Assert.Equal(AsJson(row), AsJson(loaded));
    }

    [Fact]
    public async Task Missing_fields_keep_a_rows_defaults()
    {
        await File.WriteAllTextAsync(ManifestPath, """{ "formatVersion": 1, "jobs": [ { "id": "abc", "prompt": "p", "model": "m", "aspectRatio": "auto", "outputName": "a.png" } ] }""");

        var loaded = Assert.Single(ManifestFile.Load(ManifestPath, CancellationToken.None)!.Jobs);

        Assert.Equal(1, loaded.N);
        Assert.Empty(loaded.Outputs);
        Assert.Empty(loaded.ResultUrls);
        Assert.Empty(loaded.References);
        Assert.Equal(ManifestJobStatus.Pending, loaded.Status);
        Assert.Null(loaded.TaskId);
        Assert.Null(loaded.Api);
    }

    [Fact]
    public async Task Rows_of_the_same_photo_share_its_path_and_upload_address()
    {
        var row = ManifestSamples.EveryFieldSet();
        await ManifestFile.SaveAsync(new ManifestDocument { Jobs = [row, row with { Id = "fedcba9876543210", Prompt = "another" }] }, ManifestPath);

        var loaded = ManifestFile.Load(ManifestPath, CancellationToken.None)!.Jobs;

        Assert.Same(loaded[0].References[0].Path, loaded[1].References[0].Path);
        Assert.Same(loaded[0].UploadUrl, loaded[1].References[0].UploadUrl);
        Assert.NotSame(loaded[0].Prompt, loaded[1].Prompt);
    }
}
