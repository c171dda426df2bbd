using System.Collections.Concurrent;
using Banana.Client;
using Banana.Emulator;
using Banana.Engine.Tests.EndToEnd;
using Banana.Engine.Tests.Support;
using Xunit;

namespace Banana.Engine.Tests.Reliability;

/// <summary>What the service sends back can neither steer where files go nor leave a job stuck (issue 4, sections 1 and 3).</summary>
public sealed class ResultSafetyTests : IDisposable
{
    private const string HostileTaskId = "../../evil";
    private readonly ScratchFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task An_expired_result_names_the_recorded_task_and_the_rerun_generates_the_job_anew()
    {
        await using var batch = await EmulatorBatch.StartAsync();
        InputFolder.Create(batch.Temp, 1, "p1");
        batch.Server.AddFault(new FaultRule { Endpoint = EmulatorEndpoint.Results, Kind = FaultKind.Expired });

        var (first, observer) = await batch.RunAsync();

        var failed = Assert.Single(observer.Results);
        Assert.Equal(1, first.Failed);
        Assert.Equal("ResultExpired", failed.ErrorId);
        Assert.NotNull(failed.TaskId);
        Assert.Contains($"task {failed.TaskId}", failed.Error, StringComparison.Ordinal);
        Assert.Contains("Run the same command again", failed.Error, StringComparison.Ordinal);
        Assert.Empty(batch.OutputPngs());
        Assert.True(batch.Server.Stats.FaultsInjected(FaultKind.Expired) >= 1, "the expired fault must have fired");
        Assert.Equal(1, batch.Server.Stats.Charges);

        batch.Server.Configure(s => s with { Faults = [] });
        var (second, _) = await batch.RunAsync();

        Assert.Equal(1, second.Succeeded);
        Assert.Single(batch.OutputPngs());
        Assert.NotEqual(failed.TaskId, Assert.Single(batch.ManifestJobs()).GetProperty("taskId").GetString());
    }

    [Fact]
    public async Task A_batch_writes_inside_the_output_folder_whatever_task_ids_and_result_urls_come_back()
    {
        var input = InputFolder.Create(temp, 2, "p1");
        var output = temp.Combine("nested", "out");
        var client = new HostileClient();
        var options = new BatchOptions
        {
            InputPath = input,
            OutputPath = output,
        };

        var summary = await FakeEngine.For(client, new RecordingObserver()).RunBatchAsync(options, CancellationToken.None);

        Assert.Equal(2, summary.Succeeded);
        Assert.Equal(4, client.Destinations.Count); // two results per task
        Assert.All(client.Destinations, d => Assert.Equal(output, Path.GetDirectoryName(d)));
        Assert.Empty(Directory.GetFiles(temp.Path, "*.png", SearchOption.TopDirectoryOnly));
        Assert.Empty(Directory.GetFiles(temp.Combine("nested"), "*", SearchOption.TopDirectoryOnly));
    }

    [Fact]
    public async Task A_single_generation_writes_inside_the_output_folder_whatever_the_task_id_and_result_url()
    {
        var output = temp.Combine("out");
        Directory.CreateDirectory(output);
        var client = new HostileClient();
        var job = new GenerationJob("pose", "nano-banana-fast", "auto", null, ["http://host/files/..%2F..%2Fsource.jpg"], null);

        var fromUrl = await StreamRun.RunOneAsync(client, new GenerationOptions { OutputDirectory = output }, job);
        var fromTask = await StreamRun.RunOneAsync(client, new GenerationOptions { OutputDirectory = output }, job with { ImageUrls = [] });

        Assert.Equal(JobStatus.Succeeded, fromUrl.Status);
        Assert.Equal(JobStatus.Succeeded, fromTask.Status);
        Assert.All(fromUrl.OutputFiles.Concat(fromTask.OutputFiles), f => Assert.Equal(output, Path.GetDirectoryName(f)));
        Assert.All(client.Destinations, d => Assert.Equal(output, Path.GetDirectoryName(d)));
        Assert.Empty(Directory.GetFiles(temp.Path, "*.png"));
    }

    /// <summary>A service that answers with a path-like task id and result URLs that try to climb out of the folder.</summary>
    private sealed class HostileClient : IGrsaiClient
    {
        private readonly FakeGrsaiClient inner = new();

        public ConcurrentQueue<string> Destinations { get; } = new();

        public Task<UploadedImage> UploadAsync(string path, UploadMethod method, CancellationToken cancellationToken)
            => inner.UploadAsync(path, method, cancellationToken);

        public Task<UploadVerification> VerifyUploadAsync(UploadedImage image, CancellationToken cancellationToken)
            => inner.VerifyUploadAsync(image, cancellationToken);

        public async Task<TaskSnapshot> GenerateAsync(
            GenerationRequest request, Func<AcceptedTask, CancellationToken, Task> onTaskAccepted, IProgress<TaskSnapshot>? progress, CancellationToken cancellationToken)
        {
            await onTaskAccepted(new AcceptedTask(HostileTaskId), cancellationToken);
            return Hostile();
        }

        public Task<string> SubmitAsync(GenerationRequest request, CancellationToken cancellationToken) => Task.FromResult(HostileTaskId);

        public Task<TaskSnapshot> WaitForResultAsync(string taskId, IProgress<TaskSnapshot>? progress, CancellationToken cancellationToken)
            => Task.FromResult(Hostile());

        public Task<DownloadedImage> DownloadAsync(Uri url, string destinationPath, bool overwrite, CancellationToken cancellationToken)
        {
            Destinations.Enqueue(Path.GetFullPath(destinationPath));
            return inner.DownloadAsync(url, destinationPath, overwrite, cancellationToken);
        }

        public Task<long> GetCreditsAsync(CancellationToken cancellationToken) => inner.GetCreditsAsync(cancellationToken);

        private static TaskSnapshot Hostile()
            => new(HostileTaskId, TaskState.Succeeded, "succeeded", 100,
                ["http://host/results/..%2F..%2Fevil.png", "http://host/results/%2Fetc%2Fcron.d%2Fevil.png"], null, null);
    }
}
