using Banana.Emulator.Draw;

namespace Banana.Emulator.State;

/// <summary>One generation task: what it draws, how it will end, and whether it has.</summary>
internal sealed class TaskRecord
{
    private readonly TaskCompletionSource finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long finishedAtTicks;
    private volatile bool expired;

    public TaskRecord(ServiceApi api, string apiKey, DrawJob job, TaskOutcome outcome, TimeSpan latency, long epoch)
    {
        // The draw API names tasks with a UUID; the generate API with "<n>-<hex>" (docs/protocol.md#generate-api).
        Id = api == ServiceApi.Generate ? $"14-{Guid.NewGuid():N}" : Guid.NewGuid().ToString();
        Api = api;
        ApiKey = apiKey;
        Job = job;
        Outcome = outcome;
        Latency = latency;
        Epoch = epoch;
        StartedAt = DateTimeOffset.UtcNow;
    }

    public string Id { get; }

    public ServiceApi Api { get; }

    /// <summary>The key that submitted the task: it paid, and it is the one whose running count this task holds.</summary>
    public string ApiKey { get; }

    public DrawJob Job { get; }

    public TaskOutcome Outcome { get; }

    public TimeSpan Latency { get; }

    /// <summary>The reset generation the task belongs to; a reset orphans older tasks.</summary>
    public long Epoch { get; }

    public DateTimeOffset StartedAt { get; }

    /// <summary>How many result images the task answers with (the settings' <c>ResultsPerTask</c> when it was created).</summary>
    public int ResultCount { get; init; } = 1;

    /// <summary>The model's text reply that comes with each result (<c>results[].content</c>).</summary>
    public string Content => $"Here is the image you asked for: {(Job.Prompt.Length <= 80 ? Job.Prompt : Job.Prompt[..80] + "...")}";

    public Task Finished => finished.Task;

    public bool IsFinished => finished.Task.IsCompleted;

    /// <summary>When the task ended; only meaningful once <see cref="IsFinished"/>.</summary>
    public DateTimeOffset FinishedAt => new(Interlocked.Read(ref finishedAtTicks), TimeSpan.Zero);

    /// <summary>Progress as the service reports it: proportional to time while running, 100 once done.</summary>
    public int ProgressAt(DateTimeOffset now)
    {
        if (IsFinished)
        {
            return Outcome.Succeeds ? 100 : 0;
        }

        if (Latency <= TimeSpan.Zero)
        {
            return 0;
        }

        var fraction = (now - StartedAt) / Latency;
        return Math.Clamp((int)(fraction * 100), 0, 99);
    }

    /// <summary>Whether the service has forgotten the task: its lifetime passed, or a test expired it.</summary>
    public bool IsExpired(DateTimeOffset now, TimeSpan taskTtl) => expired || now - StartedAt >= taskTtl;

    /// <summary>Ends the task's lifetime now, as two hours passing would.</summary>
    public void Expire() => expired = true;

    public void Finish()
    {
        Interlocked.Exchange(ref finishedAtTicks, DateTimeOffset.UtcNow.UtcTicks);
        finished.TrySetResult();
    }
}
