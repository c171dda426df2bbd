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
        private readonly TimeProvider time;
        private readonly TimeSpan spacing;
        private readonly object gate = new object();
        private DateTimeOffset next = DateTimeOffset.MinValue;

        public PollPacer(TimeProvider time, double maxPollsPerSecond)
        {
            this.time = time;
            spacing = double.IsPositiveInfinity(maxPollsPerSecond) ? TimeSpan.Zero : TimeSpan.FromSeconds(1 / maxPollsPerSecond);
        }

        /// <summary>Waits for this poll's turn and takes it.</summary>
        public Task WaitTurnAsync(CancellationToken cancellationToken)
        {
            TimeSpan wait;
            lock (gate)
            {
                var now = time.GetUtcNow();
                var slot = next > now ? next : now;
                next = slot + spacing;
                wait = slot - now;
            }

            return wait > TimeSpan.Zero ? time.Delay(wait, cancellationToken) : Task.CompletedTask;
        }

        /// <summary>No poll goes out for <paramref name="retryAfter"/>: the service asked for the pause.</summary>
        public void Hold(TimeSpan retryAfter)
        {
            lock (gate)
            {
                var until = time.GetUtcNow() + retryAfter;
                if (until > next)
                {
                    next = until;
                }
            }
        }
    }
}
