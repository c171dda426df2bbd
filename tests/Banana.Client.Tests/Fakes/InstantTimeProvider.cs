using System.Collections.Concurrent;

namespace Banana.Client.Tests.Fakes;

/// <summary>
/// A clock on which every wait ends at once: a timer fires immediately and moves the clock forward by its due time.
/// Tests see the waits the client chose (<see cref="Waits"/>) and the time it believes passed, without sleeping.
/// </summary>
public sealed class InstantTimeProvider : TimeProvider
{
    private long _ticks = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;
    private readonly ConcurrentQueue<TimeSpan> _waits = new();

    public IReadOnlyList<TimeSpan> Waits => [.. _waits];

    public TimeSpan Elapsed => TimeSpan.FromTicks(Interlocked.Read(ref _ticks) - new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks);

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        => new InstantTimer(this, callback, state, dueTime);

    private void Pass(TimeSpan wait)
    {
        _waits.Enqueue(wait);
        Interlocked.Add(ref _ticks, wait.Ticks);
    }

    private sealed class InstantTimer : ITimer
    {
        private readonly InstantTimeProvider _clock;
        private readonly TimerCallback _callback;
        private readonly object? _state;
        private int _fired;

        public InstantTimer(InstantTimeProvider clock, TimerCallback callback, object? state, TimeSpan dueTime)
        {
            _clock = clock;
            _callback = callback;
            _state = state;
            Change(dueTime, Timeout.InfiniteTimeSpan);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            if (dueTime == Timeout.InfiniteTimeSpan || Interlocked.Exchange(ref _fired, 1) == 1)
            {
                return true;
            }

            _clock.Pass(dueTime);
            ThreadPool.QueueUserWorkItem(_ => _callback(_state));
            return true;
        }

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
