using System.Text.Json.Nodes;
using Banana.Engine.Tests.Support;
using Xunit;

namespace Banana.Engine.Tests.Batch;

/// <summary>
/// Manifests written before jobs could have several references (no <c>references</c>, no <c>row</c>) still resume:
/// nothing done is submitted again and nothing uploaded is uploaded again.
/// </summary>
public sealed class ManifestCompatibilityTests : IDisposable
{
    private readonly ScratchFolder temp = new();

    public void Dispose() => temp.Dispose();

    private async Task<(BatchSummary Summary, FakeGrsaiClient Client)> RunAsync(string input)
    {
        var client = new FakeGrsaiClient();
        var options = new BatchOptions
        {
            InputPath = input,
            OutputPath = temp.Combine("out"),
        };
        var summary = await FakeEngine.For(client, new RecordingObserver()).RunBatchAsync(options, CancellationToken.None);
        return (summary, client);
    }

    /// <summary>Rewrites the manifest as the earlier format had it.</summary>
    private void MakeManifestOld(Action<JsonObject>? changeJob = null)
    {
        var path = temp.Combine("out", "banana-manifest.json");
        var document = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        foreach (var job in document["jobs"]!.AsArray().Select(j => j!.AsObject()))
        {
            Assert.True(job.Remove("references"));
            job.Remove("row");
            changeJob?.Invoke(job);
        }

        File.WriteAllText(path, document.ToJsonString());
    }

    [Fact]
    public async Task Finished_jobs_of_an_old_manifest_are_skipped()
    {
        var input = InputFolder.Create(temp, 2, "p1", "p2");
        Assert.Equal(4, (await RunAsync(input)).Summary.Succeeded);
        MakeManifestOld();

        var (again, client) = await RunAsync(input);

        Assert.Equal(4, again.Skipped);
        Assert.Empty(client.Submitted);
        Assert.Empty(client.Uploaded);
    }

    [Fact]
    public async Task An_unfinished_job_of_an_old_manifest_reuses_its_recorded_upload()
    {
        var input = InputFolder.Create(temp, 1, "p1");
        await RunAsync(input);
        MakeManifestOld(job =>
        {
            // Uploaded, never submitted: as a run killed between upload and submission leaves it.
            job["status"] = "uploaded";
            job["outputs"] = new JsonArray();
            job["resultUrls"] = new JsonArray();
            job["taskId"] = null;
            job["uploadUrl"] = "https://files.example/recorded-earlier.png";
        });
        File.Delete(temp.Combine("out", "photo01_p1_1.png"));

        var (again, client) = await RunAsync(input);

        Assert.Equal(1, again.Succeeded);
        Assert.Empty(client.Uploaded);
        Assert.Equal(["https://files.example/recorded-earlier.png"], Assert.Single(client.Submitted).ImageUrls);
        var manifest = File.ReadAllText(temp.Combine("out", "banana-manifest.json"));
        Assert.Contains("\"references\"", manifest, StringComparison.Ordinal); // rewritten in the current format
    }
}
