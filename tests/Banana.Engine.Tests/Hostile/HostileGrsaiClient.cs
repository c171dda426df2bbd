using System.Collections.Concurrent;
using System.Text;
using Banana.Client;

namespace Banana.Engine.Tests.Hostile;

/// <summary>
/// A service (through the client's contract) that answers each call with a value or a failure drawn from hostile
/// sets: odd task ids, result URLs of every bad kind, no results, typed errors of every per-job kind, local file
/// errors. Choices depend on the seed and on what was asked (never on timing), so a failing case replays.
/// Never answers with a rejected key or no credits: those stop the batch by design and are not per-job input.
/// </summary>
internal sealed class HostileGrsaiClient(int seed) : IGrsaiClient
{
    private static readonly string[] TaskIds =
    [
        "task-1", "t", "../../etc/passwd", "a\"b<c>&d", "任务-编号-一", "x\ty", new string('7', 300), " padded ", "null", "{\"id\":1}",
    ];

    private static readonly string[] ResultUrls =
    [
        "https://results.example/ok.png", "file:///etc/passwd", "data:image/png;base64,iVBORw0KGgo=", "/relative/x.png", "", "   ",
        "http://169.254.169.254/latest/meta-data", "javascript:alert(1)", "http://[::1", "https://user:pw@results.example/a.png",
        "http://10.0.0.7/x.png", "https://results.example/" + new string('a', 4000) + ".png", "https://results.example/%00%2F..%2F.png",
        "HTTPS://RESULTS.EXAMPLE/Ünï 图.png", "ftp://results.example/x.png", "https://results.example/x.png#frag?q=\"",
    ];

    private readonly ConcurrentDictionary<string, int> calls = new();
    private int tasks;

    public ConcurrentQueue<string> Submitted { get; } = new();

    public Task<UploadedImage> UploadAsync(string path, UploadMethod method, CancellationToken cancellationToken)
    {
        var random = Pick("upload|" + Path.GetFileName(path));
        return random.Next(8) switch
        {
            0 => throw new GrsaiUploadAddressRefusedException("the token named javascript:alert(1)"),
            1 => throw new GrsaiTransientException("upload: HTTP 503 after every retry"),
            2 => throw new IOException("The file is in use."),
            3 => throw new UnauthorizedAccessException("Access denied."),
            4 => throw new GrsaiProtocolException("upload: an answer without a key"),
            _ => Task.FromResult(new UploadedImage(
                path, "https://files.example/" + Uri.EscapeDataString(Path.GetFileName(path)), 1, "sha", method, TimeSpan.Zero)),
        };
    }

    public Task<UploadVerification> VerifyUploadAsync(UploadedImage image, CancellationToken cancellationToken)
        => Task.FromResult(new UploadVerification(image.Url, true, image.Bytes, image.Sha256));

    public async Task<TaskSnapshot> GenerateAsync(
        GenerationRequest request, Func<AcceptedTask, CancellationToken, Task> onTaskAccepted, IProgress<TaskSnapshot>? progress, CancellationToken cancellationToken)
    {
        var random = Pick("generate|" + request.Prompt + "|" + string.Join(",", request.ImageUrls));
        if (random.Next(10) == 0)
        {
            // Refused before a task exists.
            throw new GrsaiRequestRejectedException("the service refused the parameters");
        }

        var id = TaskIds[random.Next(TaskIds.Length)] + "#" + Interlocked.Increment(ref tasks);
        Submitted.Enqueue(id);
        await onTaskAccepted(new AcceptedTask(id), cancellationToken);
        return Outcome(id, random);
    }

    public Task<string> SubmitAsync(GenerationRequest request, CancellationToken cancellationToken)
        => throw new NotSupportedException("The engine submits through GenerateAsync.");

    public Task<TaskSnapshot> WaitForResultAsync(string taskId, IProgress<TaskSnapshot>? progress, CancellationToken cancellationToken)
    {
        var random = Pick("wait|" + taskId);
        return random.Next(6) switch
        {
            0 => throw new GrsaiTaskExpiredException($"Task {taskId} is gone."),
            1 => throw new GrsaiTaskNotFoundException($"Task {taskId} is unknown."),
            _ => Task.FromResult(Outcome(taskId, random)),
        };
    }

    public async Task<DownloadedImage> DownloadAsync(Uri url, string destinationPath, bool overwrite, CancellationToken cancellationToken)
    {
        var random = Pick("download|" + url.OriginalString);
        switch (random.Next(7))
        {
            case 0: throw new GrsaiInvalidImageException("not an image: it starts with <html>");
            case 1: throw new GrsaiResultExpiredException("404") { StatusCode = System.Net.HttpStatusCode.NotFound };
            case 2: throw new IOException("No space left on device");
            case 3: throw new GrsaiTransientException("download: timed out after every retry");
        }

        var bytes = TestImages.Png(2, 2, 1, 2, 3);
        await File.WriteAllBytesAsync(destinationPath, bytes, cancellationToken);
        return new DownloadedImage(destinationPath, url.ToString(), bytes.Length);
    }

    public Task<long> GetCreditsAsync(CancellationToken cancellationToken) => Task.FromResult(1L);

    private static TaskSnapshot Outcome(string id, Random random)
    {
        switch (random.Next(9))
        {
            case 0: throw new GrsaiTaskFailedException("failure_reason: error") { TaskId = id };
            case 1: throw new GrsaiModerationException("output_moderation", "output_moderation") { TaskId = id };
            case 2: throw new GrsaiTransientException($"Task {id} did not finish within the deadline.") { TaskId = id };
            case 3: throw new GrsaiProtocolException("the answer holds no task") { TaskId = id };
        }

        var urls = Enumerable.Range(0, random.Next(4)).Select(_ => ResultUrls[random.Next(ResultUrls.Length)]).ToArray();
        return new TaskSnapshot(id, TaskState.Succeeded, "succeeded", 100, urls, null, null);
    }

    /// <summary>The generator for this call: the seed, what was asked, and how often it was asked before.</summary>
    private Random Pick(string what)
    {
        var n = calls.AddOrUpdate(what, 1, (_, c) => c + 1);
        var hash = 17;
        foreach (var b in Encoding.UTF8.GetBytes(what + "#" + n))
        {
            hash = unchecked((hash * 31) + b);
        }

        return new Random(unchecked(hash ^ (seed * 7919)));
    }
}
