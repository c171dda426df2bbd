using System.Collections.Concurrent;
using Banana.Emulator.Draw;

namespace Banana.Emulator.State;

/// <summary>
/// Runs tasks and keeps them for polling. A task holds no image: results are drawn again from the task when
/// downloaded, and finished tasks are dropped once their results have expired, so memory stays flat however
/// many tasks a batch runs.
/// </summary>
internal sealed class TaskStore : IDisposable
{
    private const int PruneEverySubmissions = 512;

    private readonly ConcurrentDictionary<string, TaskRecord> tasks = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource shutdown = new();
    private readonly EmulatorStats stats;
    private readonly CreditLedger ledger;
    private long epoch;
    private long submissions;

    public TaskStore(EmulatorStats stats, CreditLedger ledger)
    {
        this.stats = stats;
        this.ledger = ledger;
    }

    /// <summary>Starts a task whose cost the caller has already reserved: from here on the key has paid for it.</summary>
    public TaskRecord Start(ServiceApi api, string apiKey, DrawJob job, TaskOutcome outcome, TimeSpan latency, EmulatorSettings settings)
    {
        var record = new TaskRecord(api, apiKey, job, outcome, latency, Interlocked.Read(ref epoch)) { ResultCount = settings.ResultsPerTask };
        tasks[record.Id] = record;
        stats.TaskSubmitted(api, apiKey, job.Signature, job.Cost);
        if (Interlocked.Increment(ref submissions) % PruneEverySubmissions == 0)
        {
            // Kept while it can still be polled or its result downloaded.
            var keep = settings.ResultTtl > settings.TaskTtl ? settings.ResultTtl : settings.TaskTtl;
            PruneFinishedBefore(DateTimeOffset.UtcNow - keep);
        }

        _ = RunAsync(record);
        return record;
    }

    /// <summary>The task whatever its age (result images have their own lifetime).</summary>
    public TaskRecord? Find(string id) => tasks.TryGetValue(id, out var record) ? record : null;

    /// <summary>The task as a poll of <paramref name="api"/> sees it: null when unknown, of the other API, or expired.</summary>
    public TaskRecord? FindLive(string id, ServiceApi api, TimeSpan taskTtl)
        => Find(id) is { } record && record.Api == api && !record.IsExpired(DateTimeOffset.UtcNow, taskTtl) ? record : null;

    /// <summary>Ends the lifetime of every task there is now; tasks submitted later live normally.</summary>
    public void ExpireAll()
    {
        foreach (var record in tasks.Values)
        {
            record.Expire();
        }
    }

    /// <summary>Forgets every task; tasks still running finish without touching stats or credits.</summary>
    public void Clear()
    {
        Interlocked.Increment(ref epoch);
        tasks.Clear();
    }

    public void Dispose()
    {
        shutdown.Cancel();
        shutdown.Dispose();
    }

    private async Task RunAsync(TaskRecord record)
    {
        if (record.Latency > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(record.Latency, shutdown.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        // Counters and credits first, then the task shows as finished: whoever sees the final state also sees them.
        if (record.Epoch == Interlocked.Read(ref epoch))
        {
            stats.TaskFinished(record.ApiKey, record.Outcome.FailureReason);
            if (!record.Outcome.Succeeds)
            {
                ledger.Refund(record.ApiKey, record.Job.Cost);
                stats.TaskRefunded(record.ApiKey, record.Job.Cost);
            }
        }

        record.Finish();
    }

    private void PruneFinishedBefore(DateTimeOffset cutoff)
    {
        foreach (var (id, record) in tasks)
        {
            if (record.IsFinished && record.FinishedAt < cutoff)
            {
                tasks.TryRemove(id, out _);
            }
        }
    }
}
