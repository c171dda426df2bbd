using System.Text.Json.Nodes;
using Banana.Engine.Hosting;
using Banana.Engine.Manifest;
using Banana.Engine.Tests.Support;
using Xunit;

namespace Banana.Engine.Tests.Hostile;

/// <summary>
/// Issue 11: no per-job input (file names, prompts, URLs and answers from the service, manifest rows) can stop a batch
/// with an unexpected error. Hundreds of seeded cases, each a batch and a rerun against <see cref="HostileGrsaiClient"/>;
/// every job must end Succeeded, Skipped, or Failed with a specific ErrorId, and every batch with its report. A hand
/// edit of the manifest may instead stop the rerun, but only with ManifestUnreadable.
/// </summary>
public sealed class HostileInputPropertyTests : IDisposable
{
    private const int Cases = 200;

    private static readonly string[] PhotoNames =
    [
        "photo.png", "model \"red\" 1.png", "ünï 图片 照片.png", ".hidden.png", "..png", "a%20b#1.png", "report.html.png",
        "banana-manifest.json.png", "CON.png", "name with trailing dot..png", "tab\there.png", new string('长', 60) + ".png",
        "<script>.png", "a;rm -rf ~.png", "  spaced  .png",
    ];

    private static readonly string[] Prompts =
    [
        "换一个自然休闲优雅的pose", "<script>alert(1)</script>", "\"quoted\" & 'single' \\ back", new string('p', 3000), "{{json}} ${env:X}",
        "   leading and trailing   ", "emoji 🍌🍌", "MODERATE_ME",
    ];

    private static readonly JsonNode?[] HostileValues =
    [
        null, "", "   ", 42, -1, true, "x", "../x.png", "banana-manifest.json", "javascript:alert(1)", new JsonArray(), new JsonObject(),
        "succeeded", "submitted", "downloading", long.MaxValue, "2026-13-45", "https://files.example/gone.png",
    ];

    private static readonly string[] Fields =
    [
        "id", "status", "taskId", "uploadUrl", "outputName", "outputs", "resultUrls", "prompt", "model", "aspectRatio", "keyNumber",
        "attempts", "n", "sourcePath", "updatedAt", "errorId", "sourceSha256", "references", "row",
    ];

    private readonly ScratchFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task Every_job_ends_succeeded_or_failed_with_a_specific_error_and_every_batch_with_its_report()
    {
        var stoppedByManifest = 0;
        var failedIds = new HashSet<string>(StringComparer.Ordinal);
        for (var seed = 1; seed <= Cases; seed++)
        {
            var random = new Random(seed);
            var folder = temp.Combine($"case{seed}");
            var input = Path.Combine(folder, "input");
            var output = Path.Combine(folder, "out");
            WriteInputs(input, random);
            var options = new BatchOptions
            {
                InputPath = input,
                OutputPath = output,
                Count = 1 + random.Next(2),
                GenerationConcurrency = 1 + random.Next(3),
                MaxTaskAttempts = 1 + random.Next(3),
            };

            await RunAndCheckAsync(seed, "first run", options, new HostileGrsaiClient(seed), failedIds, mayBeRefused: false);

            var edited = random.Next(3) == 0 && File.Exists(Path.Combine(output, ManifestFile.FileName));
            if (edited)
            {
                EditManifest(Path.Combine(output, ManifestFile.FileName), random);
            }

            // The rerun polls what the first recorded (hostile task ids included) and retries what failed.
            if (!await RunAndCheckAsync(seed, "rerun", options, new HostileGrsaiClient(seed + 100_000), failedIds, mayBeRefused: edited))
            {
                stoppedByManifest++;
            }
        }

        // The hostile sets reached the engine: many kinds of per-job failure, and hand edits it had to refuse.
        Assert.True(failedIds.Count >= 8, "only these failures were met: " + string.Join(", ", failedIds));
        Assert.True(stoppedByManifest > 5, $"only {stoppedByManifest} edited manifest(s) were refused");
    }

    /// <summary>Runs one batch and checks its outcome; false when it was refused for a damaged manifest.</summary>
    private static async Task<bool> RunAndCheckAsync(
        int seed, string which, BatchOptions options, HostileGrsaiClient client, HashSet<string> failedIds, bool mayBeRefused)
    {
        var observer = new RecordingObserver();
        var engine = new BananaEngine(
            new EngineSettings
            {
                Connection = new ConnectionSettings(["sk-a", "sk-b"], new Uri("https://api.example")),
                Wording = TestWording.Instance,
            },
            observer,
            _ => client);
        BatchSummary summary;
        try
        {
            summary = await engine.RunBatchAsync(options, CancellationToken.None);
        }
        catch (BananaException e) when (mayBeRefused && e.ErrorId == "ManifestUnreadable")
        {
            Assert.Contains("row", e.Message + " row", StringComparison.Ordinal);
            Assert.DoesNotContain("System.", e.Message, StringComparison.Ordinal);
            return false;
        }
        catch (Exception e)
        {
            Assert.Fail($"case {seed}, {which}: the batch stopped with {e.GetType().Name} ({(e as BananaException)?.ErrorId}): {e}");
            throw;
        }

        var context = $"case {seed}, {which}";
        Assert.True(summary.Cancelled == 0, $"{context}: {summary.Cancelled} job(s) never ended");
        Assert.Equal(summary.Total, summary.Succeeded + summary.Failed + summary.Skipped);
        Assert.Equal(summary.Total, observer.Results.Count);
        foreach (var result in observer.Results)
        {
            if (result.Status == JobStatus.Failed)
            {
                Assert.False(string.IsNullOrEmpty(result.ErrorId), $"{context}: a failed job without an ErrorId: {result.Error}");
                Assert.NotEqual("UnexpectedError", result.ErrorId);
                failedIds.Add(result.ErrorId!);
            }
            else
            {
                Assert.True(result.Status is JobStatus.Succeeded or JobStatus.Skipped, $"{context}: a job ended {result.Status}");
            }
        }

        Assert.True(File.Exists(summary.ReportPath), $"{context}: no report");
        return true;
    }

    private static void WriteInputs(string input, Random random)
    {
        var images = Path.Combine(input, "image");
        Directory.CreateDirectory(images);
        var names = PhotoNames.Where(n => !OperatingSystem.IsWindows() || n.IndexOfAny(['"', '<', '\t']) < 0 && !n.StartsWith("CON", StringComparison.Ordinal))
            .OrderBy(_ => random.Next()).Take(1 + random.Next(3));
        var shade = (byte)random.Next(256);
        foreach (var name in names)
        {
            TestImages.Write(Path.Combine(images, name), TestImages.Png(2, 2, shade++, 7, 9));
        }

        var prompts = Prompts.OrderBy(_ => random.Next()).Take(1 + random.Next(2));
        InputFolder.WritePrompts(input, string.Join("\n", prompts), new System.Text.UTF8Encoding(false));
    }

    private static void EditManifest(string path, Random random)
    {
        var document = JsonNode.Parse(File.ReadAllText(path))!;
        var jobs = document["jobs"]!.AsArray();
        if (jobs.Count == 0)
        {
            return;
        }

        var index = random.Next(jobs.Count);
        if (random.Next(8) == 0)
        {
            jobs[index] = null;
        }
        else
        {
            var value = HostileValues[random.Next(HostileValues.Length)];
            jobs[index]![Fields[random.Next(Fields.Length)]] = value?.DeepClone();
        }

        File.WriteAllText(path, document.ToJsonString());
    }
}
