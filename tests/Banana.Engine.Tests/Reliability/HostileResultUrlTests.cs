using Banana.Client;
using Banana.Engine.Tests.Support;
using Xunit;

namespace Banana.Engine.Tests.Reliability;

/// <summary>
/// A result address the client refuses (file:, data:, relative, the cloud metadata host) fails its own job as data
/// with ResultUrlRefused, keeping the task id; the other jobs are saved and the report is written.
/// </summary>
public sealed class HostileResultUrlTests : IDisposable
{
    private static readonly Dictionary<string, string> BadUrls = new()
    {
        ["p2"] = "file:///etc/passwd",
        ["p3"] = "data:image/png;base64,iVBORw0KGgo=",
        ["p4"] = "results/relative.png",
        ["p5"] = "http://169.254.169.254/latest/meta-data",
    };

    private readonly ScratchFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task A_batch_fails_only_the_jobs_whose_result_address_is_refused()
    {
        var input = InputFolder.Create(temp, 1, "p1", "p2", "p3", "p4", "p5");
        var output = temp.Combine("out");
        var options = new BatchOptions
        {
            InputPath = input,
            OutputPath = output,
        };
        var observer = new RecordingObserver();

        var summary = await FakeEngine.For(new BadUrlClient(), observer, "sk-hostile").RunBatchAsync(options, CancellationToken.None);

        Assert.Equal(1, summary.Succeeded);
        Assert.Equal(4, summary.Failed);
        var failed = observer.Results.Where(r => r.Status == JobStatus.Failed).ToList();
        Assert.All(failed, r => Assert.Equal("ResultUrlRefused", r.ErrorId));
        Assert.All(failed, r => Assert.False(string.IsNullOrEmpty(r.TaskId)));
        Assert.True(File.Exists(Path.Combine(output, "report.html")));
        Assert.Single(Directory.GetFiles(output, "*.png"));
    }

    [Fact]
    public async Task A_single_generation_keeps_its_task_id_when_the_result_address_is_refused()
    {
        var output = temp.Combine("single");
        Directory.CreateDirectory(output);
        var job = new GenerationJob("p2", "nano-banana-fast", "auto", null, [], null);

        var result = await StreamRun.RunOneAsync(new BadUrlClient(), new GenerationOptions { OutputDirectory = output }, job);

        Assert.Equal(JobStatus.Failed, result.Status);
        Assert.Equal("ResultUrlRefused", result.ErrorId);
        Assert.NotNull(result.TaskId);
        Assert.Empty(Directory.GetFiles(output));
    }

    /// <summary>The fake service, except that the prompts named above get a bad result address; the real client downloads those.</summary>
    private sealed class BadUrlClient : IGrsaiClient
    {
        private readonly FakeGrsaiClient inner = new();
        private readonly GrsaiClient real = new(new GrsaiClientOptions { ApiKey = "sk-hostile", BaseUri = new Uri("https://grsai.example/") });

        public Task<UploadedImage> UploadAsync(string path, UploadMethod method, CancellationToken cancellationToken)
            => inner.UploadAsync(path, method, cancellationToken);

        public Task<UploadVerification> VerifyUploadAsync(UploadedImage image, CancellationToken cancellationToken)
            => inner.VerifyUploadAsync(image, cancellationToken);

        public async Task<TaskSnapshot> GenerateAsync(
            GenerationRequest request, Func<AcceptedTask, CancellationToken, Task> onTaskAccepted, IProgress<TaskSnapshot>? progress, CancellationToken cancellationToken)
        {
            var snapshot = await inner.GenerateAsync(request, onTaskAccepted, progress, cancellationToken);
            return BadUrls.TryGetValue(request.Prompt, out var url) ? snapshot with { ResultUrls = [url] } : snapshot;
        }

        public Task<string> SubmitAsync(GenerationRequest request, CancellationToken cancellationToken) => inner.SubmitAsync(request, cancellationToken);

        public Task<TaskSnapshot> WaitForResultAsync(string taskId, IProgress<TaskSnapshot>? progress, CancellationToken cancellationToken)
            => inner.WaitForResultAsync(taskId, progress, cancellationToken);

        public Task<DownloadedImage> DownloadAsync(Uri url, string destinationPath, bool overwrite, CancellationToken cancellationToken)
            => BadUrls.ContainsValue(url.OriginalString)
                ? real.DownloadAsync(url, destinationPath, overwrite, cancellationToken)
                : inner.DownloadAsync(url, destinationPath, overwrite, cancellationToken);

        public Task<long> GetCreditsAsync(CancellationToken cancellationToken) => inner.GetCreditsAsync(cancellationToken);
    }
}
