using System;
using System.Threading;
using System.Threading.Tasks;
using Banana.Client.Draw;
using Banana.Client.Http;

namespace Banana.Client.Tasks
{
    /// <summary>
    /// Follows a submitted task until it is final (docs/protocol.md#draw-poll and 8). The task is already paid for, so a poll that
    /// fails transiently is not the end: polling goes on until the deadline. The first poll of a new task waits about
    /// the model's typical duration, later ones a share of its running time up to <see cref="GrsaiClientOptions.PollInterval"/>
    /// (<see cref="NextDelay"/>), all paced per client.
    /// </summary>
    internal sealed class TaskPoller
    {
        private readonly GrsaiClientOptions options;
        private readonly ITaskApi api;
        private readonly ServiceErrorMapper errors;
        private readonly PollPacer pacer;
        private readonly ClientLog log;

        public TaskPoller(GrsaiClientOptions options, ITaskApi api, ServiceErrorMapper errors, ClientLog log)
        {
            this.options = options;
            this.api = api;
            this.errors = errors;
            this.log = log;
            pacer = new PollPacer(options.TimeProvider, options.MaxPollsPerSecond);
        }

        /// <summary>The wait before a new task's first poll: the model's typical duration, bounded by the options.</summary>
        public TimeSpan FirstPollDelay(string model)
        {
            var typical = ModelCatalog.TypicalDuration(model) ?? options.PollInterval;
            return typical < options.MaxFirstPollDelay ? typical : options.MaxFirstPollDelay;
        }

        /// <param name="deadline">What is left of <see cref="GrsaiClientOptions.TaskDeadline"/> for this task.</param>
        /// <param name="firstDelay">Wait before the first poll (zero for a task recorded earlier: it may be long done).</param>
        /// <param name="fresh">See <see cref="PollState.Fresh"/>.</param>
        public async Task<TaskSnapshot> WaitAsync(
            string taskId, IProgress<TaskSnapshot>? progress, TimeSpan deadline, TimeSpan firstDelay, bool fresh, CancellationToken cancellationToken)
        {
            var time = options.TimeProvider;
            var started = time.GetTimestamp();
            var delay = firstDelay;
            long? notFoundSince = null;
            var notFoundAnswers = 0;
            while (true)
            {
                var left = deadline - time.GetElapsedTime(started);
                if (delay > TimeSpan.Zero && left > TimeSpan.Zero)
                {
                    await time.Delay(left < delay ? left : delay, cancellationToken).ConfigureAwait(false);
                }

                await pacer.WaitTurnAsync(cancellationToken).ConfigureAwait(false);
                var asked = time.GetTimestamp();
                var state = new PollState(notFoundSince is { } since ? time.GetElapsedTime(since, asked) : TimeSpan.Zero, notFoundAnswers + 1, fresh);
                var (snapshot, notFound) = await PollOnceAsync(taskId, state, cancellationToken).ConfigureAwait(false);
                if (notFound)
                {
                    notFoundSince ??= asked;
                    notFoundAnswers++;
                }
                else if (snapshot is not null)
                {
                    notFoundSince = null;
                    notFoundAnswers = 0;
                }

                if (snapshot is not null)
                {
                    progress?.Report(snapshot);
                    if (TaskOutcome.Resolve(snapshot, errors) is { } final)
                    {
                        return final;
                    }
                }

                if (time.GetElapsedTime(started) >= deadline)
                {
                    throw new GrsaiTransientException(
                        $"Task {taskId} did not finish within {deadline.TotalSeconds:0.#} s. It may still finish: wait for it again later instead of submitting it again.")
                    {
                        TaskId = taskId,
                    };
                }

                delay = fresh ? NextDelay(time.GetElapsedTime(started)) : options.PollInterval;
            }
        }

        /// <summary>
        /// The wait before the next poll of a task submitted <paramref name="running"/> ago: a twentieth of that, between
        /// a third of <see cref="GrsaiClientOptions.PollInterval"/> and all of it. A finished task is then seen at most 5 %
        /// of its running time late (a batch of 20 s tasks stays within 1.05x of its ideal time, where a flat 3 s would
        /// add 7 %), while a long task is still polled only every <see cref="GrsaiClientOptions.PollInterval"/>.
        /// </summary>
        private TimeSpan NextDelay(TimeSpan running)
        {
            var floor = TimeSpan.FromTicks(options.PollInterval.Ticks / 3);
            var share = TimeSpan.FromTicks(running.Ticks / 20);
            return share < floor ? floor : share > options.PollInterval ? options.PollInterval : share;
        }

        /// <summary>The task's snapshot; none with NotFound when the service does not know it (yet), none alone after a transient failure.</summary>
        private async Task<(TaskSnapshot? Snapshot, bool NotFound)> PollOnceAsync(string taskId, PollState state, CancellationToken cancellationToken)
        {
            try
            {
                var snapshot = await api.PollOnceAsync(taskId, state, cancellationToken).ConfigureAwait(false);
                return (snapshot, snapshot is null);
            }
            catch (GrsaiTransientException fault)
            {
                if (fault.InnerException is RetryableStatusException { RetryAfter: { } retryAfter })
                {
                    pacer.Hold(retryAfter);
                }

                log.Write($"poll task {taskId}: {fault.Message} Polling goes on until the task's deadline.");
                return (null, false);
            }
        }
    }
}
