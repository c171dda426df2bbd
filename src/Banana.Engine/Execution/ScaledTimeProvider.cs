using System;
using System.Threading;

namespace Banana.Engine.Execution
{
    /// <summary>
    /// A clock that runs <c>1 / factor</c> times faster than the given one, for the client's own waits only (first poll,
    /// poll interval, poll pacing, retry backoff, task deadline): <see cref="EngineSettings.ClientClockScale"/>, for tests
    /// and benchmarks against the emulator only. With 0.1, a model's 15 s typical duration is a 1.5 s wait and the 3 s
    /// poll interval 0.3 s, so emulated generation times scaled by the same factor keep every ratio the real service
    /// would show. The product's defaults are untouched; a real service must never be polled on this clock.
    /// </summary>
    internal sealed class ScaledTimeProvider : TimeProvider
    {
        private readonly TimeProvider inner;
        private readonly double factor;
        private readonly long startTimestamp;
        private readonly DateTimeOffset startUtc;

        public ScaledTimeProvider(TimeProvider inner, double factor)
        {
            this.inner = inner;
            this.factor = factor;
            startTimestamp = inner.GetTimestamp();
            startUtc = inner.GetUtcNow();
        }

        public override long TimestampFrequency => inner.TimestampFrequency;

        public override long GetTimestamp()
            => startTimestamp + (long)((inner.GetTimestamp() - startTimestamp) / factor);

        public override DateTimeOffset GetUtcNow()
            => startUtc + TimeSpan.FromTicks((long)((inner.GetUtcNow() - startUtc).Ticks / factor));

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
            => new ScaledTimer(inner.CreateTimer(callback, state, Scale(dueTime), Scale(period)), this);

        private TimeSpan Scale(TimeSpan span)
            => span < TimeSpan.Zero ? span : TimeSpan.FromTicks((long)(span.Ticks * factor));

        private sealed class ScaledTimer : ITimer
        {
            private readonly ITimer inner;
            private readonly ScaledTimeProvider clock;

            public ScaledTimer(ITimer inner, ScaledTimeProvider clock)
            {
                this.inner = inner;
                this.clock = clock;
            }

            public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(clock.Scale(dueTime), clock.Scale(period));

            public void Dispose() => inner.Dispose();

            public System.Threading.Tasks.ValueTask DisposeAsync() => inner.DisposeAsync();
        }
    }
}
