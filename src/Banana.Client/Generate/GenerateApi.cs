using System;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Banana.Client.Draw;
using Banana.Client.Http;
using Banana.Client.Tasks;
using Banana.Client.Wire;

namespace Banana.Client.Generate
{
    /// <summary>
    /// The newer generate API (docs/protocol.md#generate-api): <c>POST /v1/api/generate</c> with a <c>replyType</c>, the task at
    /// top level in every answer (no envelope), <c>GET /v1/api/result?id=</c> to poll. Its refusals come as HTTP 400
    /// with a task body, and in async mode a rejected key is an empty HTTP 200.
    /// </summary>
    internal sealed class GenerateApi : ITaskApi
    {
        private readonly GrsaiClientOptions options;
        private readonly JsonApi api;
        private readonly SnapshotReader snapshots;
        private readonly ServiceErrorMapper errors;
        private readonly KeyRedactor redactor;

        public GenerateApi(GrsaiClientOptions options, JsonApi api, SnapshotReader snapshots, ServiceErrorMapper errors, KeyRedactor redactor)
        {
            this.options = options;
            this.api = api;
            this.snapshots = snapshots;
            this.errors = errors;
            this.redactor = redactor;
        }

        public bool EmptyAnswerRejectsKey => true;

        public async Task<string> SubmitAsync(GenerationRequest request, SubmissionTally tally, CancellationToken cancellationToken)
        {
            using var response = await api.PostCreatingTaskAsync("submit", ApiRoutes.Generate, Body(request, "async"), tally, cancellationToken)
                .ConfigureAwait(false);
            var text = await SubmitAnswer.ReadAsync(response, options, cancellationToken).ConfigureAwait(false);
            if (string.IsNullOrWhiteSpace(text) && EmptyAnswerRejectsKey)
            {
                // Not a lost answer: the headers and an end of body came. This is how the service refuses a key in async mode.
                throw new GrsaiAuthenticationException(
                    "submit: the service answered with an empty body, which is how the generate API rejects an API key. Check the key.")
                {
                    StatusCode = response.StatusCode,
                };
            }

            var snapshot = snapshots.ReadDrawAnswer(text);
            if (snapshot.State == TaskState.Failed)
            {
                throw errors.FromFailedTask(snapshot);
            }

            return snapshot.Id.Length > 0
                ? snapshot.Id
                : throw new GrsaiProtocolException($"submit: the service accepted the request but named no task id: {redactor.Redact(HttpBody.Excerpt(text))}");
        }

        public Task<HttpResponseMessage> OpenStreamAsync(GenerationRequest request, SubmissionTally tally, CancellationToken cancellationToken)
            => api.PostCreatingTaskAsync("generate", ApiRoutes.Generate, Body(request, "stream"), tally, cancellationToken);

        public async Task<TaskSnapshot?> PollOnceAsync(string taskId, PollState state, CancellationToken cancellationToken)
        {
            var operation = $"poll task {taskId}";
            var (status, text) = await api.GetAsync(
                    operation, ApiRoutes.GenerateResult + "?id=" + Uri.EscapeDataString(taskId), IsAnsweredWithBody, cancellationToken)
                .ConfigureAwait(false);
            if (status == HttpStatusCode.NotFound)
            {
                // "result not exist, valid for 2 hours": unknown or expired, which the service states outright for a
                // recorded task. Only a task submitted moments ago may be "not yet", until that lasts (PollState.ConfirmsGone).
                if (state.Fresh && !state.ConfirmsGone(options.NotFoundGrace))
                {
                    return null;
                }

                throw new GrsaiTaskExpiredException(
                    $"Task {taskId} no longer exists on the service (HTTP 404: {redactor.Redact(HttpBody.Excerpt(ErrorOf(text), 120))}); tasks and their results live about two hours.")
                {
                    TaskId = taskId,
                    StatusCode = status,
                };
            }

            if (string.IsNullOrWhiteSpace(text) && EmptyAnswerRejectsKey)
            {
                throw new GrsaiProtocolException($"{operation}: the service answered HTTP {(int)status} with an empty body.") { TaskId = taskId };
            }

            var body = WireJson.TryDeserialize<TaskSnapshotBody>(text);
            if (status != HttpStatusCode.OK && (body is null || string.IsNullOrWhiteSpace(body.Status)))
            {
                throw errors.FromHttpStatus(operation, status, text);
            }

            return body is null
                ? throw new GrsaiProtocolException($"{operation}: the answer holds no task: {redactor.Redact(HttpBody.Excerpt(text))}") { TaskId = taskId }
                : SnapshotReader.ToSnapshot(body, taskId);
        }

        /// <summary>Statuses whose body is the answer itself: the task (200, or 400 for a failed one) or "not found" (404).</summary>
        private static bool IsAnsweredWithBody(HttpStatusCode status)
            => status == HttpStatusCode.NotFound || status == HttpStatusCode.BadRequest;

        private static string ErrorOf(string text)
            => WireJson.TryDeserialize<TaskSnapshotBody>(text)?.Error ?? text;

        private static GenerateRequestBody Body(GenerationRequest request, string replyType) => new GenerateRequestBody
        {
            Model = request.Model,
            Prompt = request.Prompt,
            Images = new System.Collections.Generic.List<string>(request.ImageUrls ?? Array.Empty<string>()),
            AspectRatio = DrawRequests.AspectRatioOf(request),
            ImageSize = string.IsNullOrEmpty(request.ImageSize) ? null : request.ImageSize,
            ReplyType = replyType,
        };
    }
}
