using System;
using System.Threading;
using System.Threading.Tasks;

namespace Banana.Client.Tasks
{
    /// <summary>
    /// The ceiling on one client's poll traffic: polls of all its tasks take turns at least 1/rate apart, and a
    /// Retry-After from the service holds them all back, since the service limits a key, not a task.
    /// </summary>
    internal sealed class PollPacer
    {
        private readonly TimeProvider _time;
        private readonly TimeSpan _spacing;
        private readonly object _gate = new object();
        private DateTimeOffset _next = DateTimeOffset.MinValue;

        public PollPacer(TimeProvider time, double maxPollsPerSecond)
        {
            _time = time;
            _spacing = double.IsPositiveInfinity(maxPollsPerSecond) ? TimeSpan.Zero : TimeSpan.FromSeconds(1 / maxPollsPerSecond);
        }

        /// <summary>Waits for this poll's turn and takes it.</summary>
        public Task WaitTurnAsync(CancellationToken cancellationToken)
        {
            TimeSpan wait;
            lock (_gate)
            {
                var now = _time.GetUtcNow();
                var slot = _next > now ? _next : now;
                _next = slot + _spacing;
                wait = slot - now;
            }

            return wait > TimeSpan.Zero ? _time.Delay(wait, cancellationToken) : Task.CompletedTask;
        }

        /// <summary>No poll goes out for <paramref name="retryAfter"/>: the service asked for the pause.</summary>
        public void Hold(TimeSpan retryAfter)
        {
            lock (_gate)
            {
                var until = _time.GetUtcNow() + retryAfter;
                if (until > _next)
                {
                    _next = until;
                }
            }
        }
    }
}
