using System.Collections.Concurrent;
using Banana.Client;

namespace Banana.Engine.Tests.Support;

/// <summary>
/// An in-memory grsai: uploads get fake URLs, every submission becomes a task that succeeds at once (unless
/// <see cref="OnGenerate"/> says otherwise), downloads write a small PNG. Counts what was asked of it.
/// </summary>
internal sealed class FakeGrsaiClient : IGrsaiClient
{
    private int tasks;

    public ConcurrentQueue<GenerationRequest> Submitted { get; } = new();
    public ConcurrentQueue<string> Uploaded { get; } = new();

    /// <summary>Called per submission before the task id is handed over; may throw (an answer lost after sending, say).</summary>
    public Action<GenerationRequest>? BeforeAccepted { get; set; }

    /// <summary>How many earlier attempts of a submission lost their answer, as the real client reports it with the task.</summary>
    public Func<GenerationRequest, int>? UnansweredSubmissions { get; set; }

    /// <summary>Called per submission with the request and the attempt number (1-based); may throw.</summary>
    public Action<GenerationRequest, int>? OnGenerate { get; set; }

    public Task<UploadedImage> UploadAsync(string path, UploadMethod method, CancellationToken cancellationToken)
    {
        Uploaded.Enqueue(path);
        var url = "https://files.example/" + Uri.EscapeDataString(Path.GetFileName(path));
        return Task.FromResult(new UploadedImage(path, url, new FileInfo(path).Length, "sha", method, TimeSpan.Zero));
    }

    public Task<UploadVerification> VerifyUploadAsync(UploadedImage image, CancellationToken cancellationToken)
        => Task.FromResult(new UploadVerification(image.Url, true, image.Bytes, image.Sha256));

    public async Task<TaskSnapshot> GenerateAsync(
        GenerationRequest request,
        Func<AcceptedTask, CancellationToken, Task> onTaskAccepted,
        IProgress<TaskSnapshot>? progress,
        CancellationToken cancellationToken)
    {
        Submitted.Enqueue(request);
        BeforeAccepted?.Invoke(request);
        var id = $"task-{Interlocked.Increment(ref tasks):0000}-abcdef";
        await onTaskAccepted(new AcceptedTask(id) { UnansweredSubmissions = UnansweredSubmissions?.Invoke(request) ?? 0 }, cancellationToken);
        OnGenerate?.Invoke(request, Submitted.Count(r => r == request));
        return Succeeded(id);
    }

    public Task<string> SubmitAsync(GenerationRequest request, CancellationToken cancellationToken)
        => throw new NotSupportedException("The engine submits through GenerateAsync, which records the id before waiting.");

    public Task<TaskSnapshot> WaitForResultAsync(string taskId, IProgress<TaskSnapshot>? progress, CancellationToken cancellationToken)
        => Task.FromResult(Succeeded(taskId));

    public async Task<DownloadedImage> DownloadAsync(Uri url, string destinationPath, bool overwrite, CancellationToken cancellationToken)
    {
        if (!overwrite && File.Exists(destinationPath))
        {
            throw new IOException($"'{destinationPath}' exists.");
        }

        var bytes = TestImages.Png(2, 2, 200, 100, 50);
        await File.WriteAllBytesAsync(destinationPath, bytes, cancellationToken);
        return new DownloadedImage(destinationPath, url.ToString(), bytes.Length);
    }

    public Task<long> GetCreditsAsync(CancellationToken cancellationToken) => Task.FromResult(1000L);

    private static TaskSnapshot Succeeded(string id)
        => new(id, TaskState.Succeeded, "succeeded", 100, [$"https://results.example/{id}.png"], null, null);
}
