using System;
using System.Globalization;
using System.Threading;

namespace Banana.PowerShell.Pipeline
{
    /// <summary>
    /// A clock that runs <c>1 / factor</c> times faster than the real one, for the client's own waits only (first poll,
    /// poll interval, poll pacing, retry backoff, task deadline). Set by <c>BANANA_TEST_TIME_SCALE</c>, for tests and
    /// benchmarks against the emulator only: with 0.1, a model's 15 s typical duration is a 1.5 s wait and the 3 s poll
    /// interval 0.3 s, so emulated generation times scaled by the same factor keep every ratio the real service would
    /// show. The product's defaults are untouched; a real service must never be polled on this clock.
    /// </summary>
    internal sealed class ScaledTimeProvider : TimeProvider
    {
        public const string Variable = "BANANA_TEST_TIME_SCALE";

        private readonly double factor;
        private readonly long startTimestamp;
        private readonly DateTimeOffset startUtc;

        private ScaledTimeProvider(double factor)
        {
            this.factor = factor;
            startTimestamp = System.GetTimestamp();
            startUtc = System.GetUtcNow();
        }

        /// <summary>The clock <c>BANANA_TEST_TIME_SCALE</c> asks for: the real one unless it is a number in (0, 1).</summary>
        public static TimeProvider FromEnvironment()
        {
            var text = Environment.GetEnvironmentVariable(Variable);
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var factor) && factor > 0 && factor < 1
                ? new ScaledTimeProvider(factor)
                : System;
        }

        public override long GetTimestamp()
            => startTimestamp + (long)((System.GetTimestamp() - startTimestamp) / factor);

        public override DateTimeOffset GetUtcNow()
            => startUtc + TimeSpan.FromTicks((long)((System.GetUtcNow() - startUtc).Ticks / factor));

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
            => new ScaledTimer(System.CreateTimer(callback, state, Scale(dueTime), Scale(period)), this);

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
