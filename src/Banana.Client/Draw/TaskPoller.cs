using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Banana.Client.Http;
using Banana.Client.Wire;

namespace Banana.Client.Draw
{
    /// <summary>
    /// Follows a submitted task through <c>/v1/draw/result</c> (grsai-api.md 2c) until it is final. The task is
    /// already paid for, so a poll that fails transiently is not the end: polling goes on until the deadline.
    /// </summary>
    internal sealed class TaskPoller
    {
        private readonly GrsaiClientOptions _options;
        private readonly JsonApi _api;
        private readonly SnapshotReader _snapshots;
        private readonly ServiceErrorMapper _errors;
        private readonly ClientLog _log;

        public TaskPoller(GrsaiClientOptions options, JsonApi api, SnapshotReader snapshots, ServiceErrorMapper errors, ClientLog log)
        {
            _options = options;
            _api = api;
            _snapshots = snapshots;
            _errors = errors;
            _log = log;
        }

        /// <param name="deadline">What is left of <see cref="GrsaiClientOptions.TaskDeadline"/> for this task.</param>
        public async Task<TaskSnapshot> WaitAsync(
            string taskId, IProgress<TaskSnapshot>? progress, TimeSpan deadline, CancellationToken cancellationToken)
        {
            var clock = Stopwatch.StartNew();
            var operation = $"poll task {taskId}";
            var request = new ResultRequest { Id = taskId };
            while (true)
            {
                var snapshot = await PollOnceAsync(operation, request, clock.Elapsed, cancellationToken).ConfigureAwait(false);
                if (snapshot is not null)
                {
                    progress?.Report(snapshot);
                    if (TaskOutcome.Resolve(snapshot, _errors) is { } final)
                    {
                        return final;
                    }
                }

                var left = deadline - clock.Elapsed;
                if (left <= TimeSpan.Zero)
                {
                    throw new GrsaiTransientException(
                        $"Task {taskId} did not finish within {deadline.TotalSeconds:0.#} s. It may still finish: wait for it again later instead of submitting it again.")
                    {
                        TaskId = taskId,
                    };
                }

                await Task.Delay(left < _options.PollInterval ? left : _options.PollInterval, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>The task's snapshot, or null when this poll says nothing yet (-22 within the grace, a transient failure).</summary>
        private async Task<TaskSnapshot?> PollOnceAsync(
            string operation, ResultRequest request, TimeSpan waited, CancellationToken cancellationToken)
        {
            ServiceEnvelope envelope;
            try
            {
                envelope = await _api.PostAsync(operation, ApiRoutes.DrawResult, request, cancellationToken).ConfigureAwait(false);
            }
            catch (GrsaiTransientException fault)
            {
                _log.Write($"{operation}: {fault.Message} Polling goes on until the task's deadline.");
                return null;
            }

            if (envelope.Code == ServiceErrorMapper.TaskNotFoundCode)
            {
                // The service may not know a task for a moment after accepting it: -22 means "not yet" for a while.
                if (waited < _options.NotFoundGrace)
                {
                    return null;
                }

                throw new GrsaiTaskNotFoundException(
                    $"Task {request.Id} is unknown to the service (code -22) after {_options.NotFoundGrace.TotalSeconds:0.#} s of polling.")
                {
                    TaskId = request.Id,
                    ServiceCode = ServiceErrorMapper.TaskNotFoundCode,
                };
            }

            if (envelope.Code != 0)
            {
                throw _errors.FromServiceCode(operation, envelope.Code ?? 0, envelope.Message, taskId: request.Id);
            }

            return _snapshots.ReadPollData(envelope.Data, request.Id);
        }
    }
}
