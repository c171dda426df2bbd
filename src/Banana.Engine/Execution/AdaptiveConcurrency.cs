using System;

namespace Banana.Engine.Execution
{
    /// <summary>
    /// One key's generation limit, lowered when 429s keep coming and raised again when they stop (additive increase,
    /// multiplicative decrease), so a throttled batch slows down by itself instead of burning retries and failing jobs.
    /// Not thread-safe: <see cref="KeyPool"/> calls it under its lock.
    /// </summary>
    internal sealed class AdaptiveConcurrency
    {
        /// <summary>429s this close together count as "keep coming"; one stray 429 changes nothing.</summary>
        public static readonly TimeSpan ThrottleWindow = TimeSpan.FromSeconds(10);

        /// <summary>After a decrease, later 429s from requests already in flight do not decrease again at once.</summary>
        public static readonly TimeSpan DecreaseCooldown = TimeSpan.FromSeconds(2);

        /// <summary>Quiet time without a 429 before the limit grows by one.</summary>
        public static readonly TimeSpan RecoveryStep = TimeSpan.FromSeconds(5);

        private readonly Func<TimeSpan> clock;
        private TimeSpan? lastThrottle;
        private TimeSpan lastChange;
        private int recentThrottles;

        public AdaptiveConcurrency(int maximum, Func<TimeSpan> clock)
        {
            Maximum = Math.Max(1, maximum);
            Limit = Maximum;
            this.clock = clock ?? throw new ArgumentNullException(nameof(clock));
            lastChange = clock();
        }

        public int Maximum { get; }

        public int Limit { get; private set; }

        /// <summary>Records a 429; returns true when the limit went down.</summary>
        public bool RecordThrottle()
        {
            var now = clock();
            recentThrottles = lastThrottle is { } last && now - last <= ThrottleWindow ? recentThrottles + 1 : 1;
            lastThrottle = now;
            if (recentThrottles < 2 || Limit == 1 || now - lastChange < DecreaseCooldown)
            {
                return false;
            }

            Limit = Math.Max(1, Limit / 2);
            lastChange = now;
            return true;
        }

        /// <summary>Raises the limit by one when it is low and no 429 came for a while; returns true when it did.</summary>
        public bool TryRecover()
        {
            var now = clock();
            if (Limit >= Maximum || now - lastChange < RecoveryStep || (lastThrottle is { } last && now - last < RecoveryStep))
            {
                return false;
            }

            Limit++;
            lastChange = now;
            return true;
        }
    }
}
