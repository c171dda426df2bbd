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
    /// the model's typical duration, later ones <see cref="GrsaiClientOptions.PollInterval"/>, all paced per client.
    /// </summary>
    internal sealed class TaskPoller
    {
        private readonly GrsaiClientOptions _options;
        private readonly ITaskApi _api;
        private readonly ServiceErrorMapper _errors;
        private readonly PollPacer _pacer;
        private readonly ClientLog _log;

        public TaskPoller(GrsaiClientOptions options, ITaskApi api, ServiceErrorMapper errors, ClientLog log)
        {
            _options = options;
            _api = api;
            _errors = errors;
            _log = log;
            _pacer = new PollPacer(options.TimeProvider, options.MaxPollsPerSecond);
        }

        /// <summary>The wait before a new task's first poll: the model's typical duration, bounded by the options.</summary>
        public TimeSpan FirstPollDelay(string model)
        {
            var typical = ModelCatalog.TypicalDuration(model) ?? _options.PollInterval;
            return typical < _options.MaxFirstPollDelay ? typical : _options.MaxFirstPollDelay;
        }

        /// <param name="deadline">What is left of <see cref="GrsaiClientOptions.TaskDeadline"/> for this task.</param>
        /// <param name="firstDelay">Wait before the first poll (zero for a task recorded earlier: it may be long done).</param>
        /// <param name="fresh">See <see cref="PollState.Fresh"/>.</param>
        public async Task<TaskSnapshot> WaitAsync(
            string taskId, IProgress<TaskSnapshot>? progress, TimeSpan deadline, TimeSpan firstDelay, bool fresh, CancellationToken cancellationToken)
        {
            var time = _options.TimeProvider;
            var started = time.GetTimestamp();
            var delay = firstDelay;
            while (true)
            {
                var left = deadline - time.GetElapsedTime(started);
                if (delay > TimeSpan.Zero && left > TimeSpan.Zero)
                {
                    await time.Delay(left < delay ? left : delay, cancellationToken).ConfigureAwait(false);
                }

                await _pacer.WaitTurnAsync(cancellationToken).ConfigureAwait(false);
                var snapshot = await PollOnceAsync(taskId, new PollState(time.GetElapsedTime(started), fresh), cancellationToken)
                    .ConfigureAwait(false);
                if (snapshot is not null)
                {
                    progress?.Report(snapshot);
                    if (TaskOutcome.Resolve(snapshot, _errors) is { } final)
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

                delay = _options.PollInterval;
            }
        }

        private async Task<TaskSnapshot?> PollOnceAsync(string taskId, PollState state, CancellationToken cancellationToken)
        {
            try
            {
                return await _api.PollOnceAsync(taskId, state, cancellationToken).ConfigureAwait(false);
            }
            catch (GrsaiTransientException fault)
            {
                if (fault.InnerException is RetryableStatusException { RetryAfter: { } retryAfter })
                {
                    _pacer.Hold(retryAfter);
                }

                _log.Write($"poll task {taskId}: {fault.Message} Polling goes on until the task's deadline.");
                return null;
            }
        }
    }
}
