using System.Collections.Concurrent;

namespace Banana.Engine.Tests.Support;

/// <summary>Keeps every event a batch raises, for assertions.</summary>
internal sealed class RecordingObserver : IBatchObserver
{
    private readonly Action<JobResult>? onJobFinished;

    public RecordingObserver(Action<JobResult>? onJobFinished = null) => this.onJobFinished = onJobFinished;

    public ConcurrentQueue<JobResult> Results { get; } = new();
    public ConcurrentQueue<InputProblem> Problems { get; } = new();
    public ConcurrentQueue<BatchProgress> Progress { get; } = new();
    public ConcurrentQueue<string> Warnings { get; } = new();
    public ConcurrentQueue<string> VerboseLines { get; } = new();

    public void JobFinished(JobResult result)
    {
        Results.Enqueue(result);
        onJobFinished?.Invoke(result);
    }

    public void InputRejected(InputProblem problem) => Problems.Enqueue(problem);
    public void ProgressChanged(BatchProgress progress) => Progress.Enqueue(progress);
    public void Warning(string message) => Warnings.Enqueue(message);
    public void Verbose(string message) => VerboseLines.Enqueue(message);

    public IEnumerable<string> AllText()
        => Warnings.Concat(VerboseLines).Concat(Results.Select(r => $"{r.Error} {r.Exception}")).Concat(Problems.Select(p => p.Message));
}
