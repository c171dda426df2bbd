using System.Collections.Concurrent;

namespace Banana.Client.Tests.Fakes;

/// <summary>
/// A clock on which every wait ends at once: a timer fires immediately and moves the clock forward by its due time.
/// Tests see the waits the client chose (<see cref="Waits"/>) and the time it believes passed, without sleeping.
/// </summary>
public sealed class InstantTimeProvider : TimeProvider
{
    private long ticks = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;
    private readonly ConcurrentQueue<TimeSpan> waits = new();

    public IReadOnlyList<TimeSpan> Waits => [.. waits];

    public TimeSpan Elapsed => TimeSpan.FromTicks(Interlocked.Read(ref ticks) - new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks);

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref ticks), TimeSpan.Zero);

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref ticks);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        => new InstantTimer(this, callback, state, dueTime);

    /// <summary>Time passes without anyone waiting: a stalled or overloaded machine.</summary>
    public void Stall(TimeSpan by) => Interlocked.Add(ref ticks, by.Ticks);

    private void Pass(TimeSpan wait)
    {
        waits.Enqueue(wait);
        Interlocked.Add(ref ticks, wait.Ticks);
    }

    private sealed class InstantTimer : ITimer
    {
        private readonly InstantTimeProvider clock;
        private readonly TimerCallback callback;
        private readonly object? state;
        private int fired;

        public InstantTimer(InstantTimeProvider clock, TimerCallback callback, object? state, TimeSpan dueTime)
        {
            this.clock = clock;
            this.callback = callback;
            this.state = state;
            Change(dueTime, Timeout.InfiniteTimeSpan);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            if (dueTime == Timeout.InfiniteTimeSpan || Interlocked.Exchange(ref fired, 1) == 1)
            {
                return true;
            }

            clock.Pass(dueTime);
            ThreadPool.QueueUserWorkItem(_ => callback(state));
            return true;
        }

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
