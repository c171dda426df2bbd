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
    /// <summary>Finished tasks stay pollable at least this long, even with a short result TTL.</summary>
    private static readonly TimeSpan MinimumRetention = TimeSpan.FromHours(1);

    private const int PruneEverySubmissions = 512;

    private readonly ConcurrentDictionary<string, TaskRecord> _tasks = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _shutdown = new();
    private readonly EmulatorStats _stats;
    private readonly CreditLedger _ledger;
    private readonly EmulatorTimeline _timeline;
    private long _epoch;
    private long _submissions;

    public TaskStore(EmulatorStats stats, CreditLedger ledger, EmulatorTimeline timeline)
    {
        _stats = stats;
        _ledger = ledger;
        _timeline = timeline;
    }

    /// <summary>Starts a task whose cost the caller has already reserved.</summary>
    public TaskRecord Start(string apiKey, DrawJob job, TaskOutcome outcome, TimeSpan latency, TimeSpan resultTtl)
    {
        var record = new TaskRecord(apiKey, job, outcome, latency, Interlocked.Read(ref _epoch));
        _tasks[record.Id] = record;
        _stats.TaskSubmitted(apiKey, job.Signature);
        if (Interlocked.Increment(ref _submissions) % PruneEverySubmissions == 0)
        {
            PruneFinishedBefore(DateTimeOffset.UtcNow - (resultTtl > MinimumRetention ? resultTtl : MinimumRetention));
        }

        _ = RunAsync(record, _timeline.GenerationStarted(apiKey));
        return record;
    }

    public TaskRecord? Find(string id) => _tasks.TryGetValue(id, out var record) ? record : null;

    /// <summary>Forgets every task; tasks still running finish without touching stats or credits.</summary>
    public void Clear()
    {
        Interlocked.Increment(ref _epoch);
        _tasks.Clear();
    }

    public void Dispose()
    {
        _shutdown.Cancel();
        _shutdown.Dispose();
    }

    private async Task RunAsync(TaskRecord record, int timelineIndex)
    {
        if (record.Latency > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(record.Latency, _shutdown.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        record.Finish();
        if (record.Epoch != Interlocked.Read(ref _epoch))
        {
            return;
        }

        _stats.TaskFinished(record.ApiKey, record.Outcome.FailureReason);
        _timeline.GenerationFinished(record.ApiKey, timelineIndex);
        if (!record.Outcome.Succeeds)
        {
            _ledger.Refund(record.ApiKey, record.Job.Cost);
        }
    }

    private void PruneFinishedBefore(DateTimeOffset cutoff)
    {
        foreach (var (id, record) in _tasks)
        {
            if (record.IsFinished && record.FinishedAt < cutoff)
            {
                _tasks.TryRemove(id, out _);
            }
        }
    }
}
