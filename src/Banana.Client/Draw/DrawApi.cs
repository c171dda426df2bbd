using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Banana.Client.Http;
using Banana.Client.Tasks;
using Banana.Client.Wire;

namespace Banana.Client.Draw
{
    /// <summary>The draw API (docs/protocol.md#models): answers in a <c>{code,msg,data}</c> envelope, polls by POST.</summary>
    internal sealed class DrawApi : ITaskApi
    {
        /// <summary>How long a task recorded by an earlier run may answer "not found" before it counts as gone.</summary>

        private readonly GrsaiClientOptions options;
        private readonly JsonApi api;
        private readonly SnapshotReader snapshots;
        private readonly ServiceErrorMapper errors;

        public DrawApi(GrsaiClientOptions options, JsonApi api, SnapshotReader snapshots, ServiceErrorMapper errors)
        {
            this.options = options;
            this.api = api;
            this.snapshots = snapshots;
            this.errors = errors;
        }

        /// <summary>The draw API refuses a key with a message; an empty answer is only a broken one.</summary>
        public bool EmptyAnswerRejectsKey => false;

        public async Task<string> SubmitAsync(GenerationRequest request, SubmissionTally tally, CancellationToken cancellationToken)
        {
            using var response = await api.PostCreatingTaskAsync("submit", ApiRoutes.DrawSubmit, DrawRequests.ForSubmit(request), tally, cancellationToken)
                .ConfigureAwait(false);
            var text = await SubmitAnswer.ReadAsync(response, options, cancellationToken).ConfigureAwait(false);
            var id = api.RequireData<TaskIdBody>("submit", api.ParseEnvelope("submit", text)).Id;
            return string.IsNullOrWhiteSpace(id)
                ? throw new GrsaiProtocolException("submit: the service accepted the request but named no task id.")
                : id!;
        }

        public Task<HttpResponseMessage> OpenStreamAsync(GenerationRequest request, SubmissionTally tally, CancellationToken cancellationToken)
            => api.PostCreatingTaskAsync("generate", ApiRoutes.DrawSubmit, DrawRequests.ForStream(request), tally, cancellationToken);

        public async Task<TaskSnapshot?> PollOnceAsync(string taskId, PollState state, CancellationToken cancellationToken)
        {
            var operation = $"poll task {taskId}";
            var envelope = await api.PostAsync(operation, ApiRoutes.DrawResult, new ResultRequest { Id = taskId }, cancellationToken)
                .ConfigureAwait(false);
            if (envelope.Code == ServiceErrorMapper.TaskNotFoundCode)
            {
                // The service may not know a task for a moment after accepting it: -22 means "not yet" for a while, and a
                // one-off -22 is not trusted (see PollState.ConfirmsGone).
                if (!state.ConfirmsGone(options.NotFoundGrace))
                {
                    return null;
                }

                var grace = state.Grace(options.NotFoundGrace);

                // Past the grace it is gone, most likely expired (tasks live about two hours): say so now, since waiting
                // out the task's deadline would change nothing.
                throw new GrsaiTaskExpiredException(
                    $"Task {taskId} is unknown to the service (code -22) for {grace.TotalSeconds:0.#} s of polling: it has expired or never existed (tasks and their results live about two hours).")
                {
                    TaskId = taskId,
                    ServiceCode = ServiceErrorMapper.TaskNotFoundCode,
                };
            }

            if (envelope.Code != 0)
            {
                throw errors.FromServiceCode(operation, envelope.Code ?? 0, envelope.Message, taskId: taskId);
            }

            return snapshots.ReadPollData(envelope.Data, taskId);
        }
    }
}
