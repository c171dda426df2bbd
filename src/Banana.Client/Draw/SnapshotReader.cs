using System;
using System.Collections.Generic;
using System.Text.Json;
using Banana.Client.Http;
using Banana.Client.Wire;

namespace Banana.Client.Draw
{
    /// <summary>Turns the service's task JSON (stream frames, poll data, plain error bodies) into <see cref="TaskSnapshot"/>s.</summary>
    internal sealed class SnapshotReader
    {
        private readonly ServiceErrorMapper errors;
        private readonly KeyRedactor redactor;

        public SnapshotReader(ServiceErrorMapper errors, KeyRedactor redactor)
        {
            this.errors = errors;
            this.redactor = redactor;
        }

        /// <summary>
        /// Reads one draw answer: a snapshot at top level (<c>{id,status,...}</c>, also the <c>{id,failure_reason,error}</c>
        /// error shape), or a <c>{code,msg[,data]}</c> envelope, whose non-zero code becomes the matching exception.
        /// </summary>
        public TaskSnapshot ReadDrawAnswer(string json)
        {
            JsonElement root;
            try
            {
                using var document = JsonDocument.Parse(json);
                root = document.RootElement.Clone();
            }
            catch (JsonException fault)
            {
                throw new GrsaiProtocolException(
                    $"generate: the service sent something that is not JSON: {redactor.Redact(HttpBody.Excerpt(json))}", fault);
            }

            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new GrsaiProtocolException($"generate: unexpected answer: {redactor.Redact(HttpBody.Excerpt(json))}");
            }

            if (root.TryGetProperty("code", out _))
            {
                var envelope = WireJson.TryDeserialize<ServiceEnvelope>(root)
                    ?? throw new GrsaiProtocolException($"generate: unreadable answer: {redactor.Redact(HttpBody.Excerpt(json))}");
                if (envelope.Code is { } code && code != 0)
                {
                    throw errors.FromServiceCode("generate", code, envelope.Message);
                }

                // {code: 0, data: {snapshot}} from a proxy that wraps frames; otherwise the snapshot is the root.
                if (envelope.Data is { ValueKind: JsonValueKind.Object } data)
                {
                    root = data;
                }
            }

            var body = WireJson.TryDeserialize<TaskSnapshotBody>(root)
                ?? throw new GrsaiProtocolException($"generate: the answer holds no task: {redactor.Redact(HttpBody.Excerpt(json))}");
            return ToSnapshot(body, fallbackId: null);
        }

        /// <summary>Reads the <c>data</c> of a poll answer for <paramref name="taskId"/>.</summary>
        public TaskSnapshot ReadPollData(JsonElement? data, string taskId)
        {
            var body = data is { } element ? WireJson.TryDeserialize<TaskSnapshotBody>(element) : null;
            return body is null
                ? throw new GrsaiProtocolException($"Polling task {taskId}: the answer holds no task snapshot.") { TaskId = taskId }
                : ToSnapshot(body, taskId);
        }

        public static TaskSnapshot ToSnapshot(TaskSnapshotBody body, string? fallbackId)
        {
            var status = (body.Status ?? string.Empty).Trim();
            var failureReason = NullIfBlank(body.FailureReason);
            var error = NullIfBlank(body.Error);
            var urls = new List<string>();
            var results = new List<GeneratedResult>();
            foreach (var result in body.Results ?? new List<TaskResultBody?>())
            {
                var url = NullIfBlank(result?.Url);
                var content = string.IsNullOrWhiteSpace(result?.Content) ? null : result!.Content;
                if (url is not null)
                {
                    urls.Add(url);
                }

                if (url is not null || content is not null)
                {
                    results.Add(new GeneratedResult(url, content));
                }
            }

            if (urls.Count == 0 && NullIfBlank(body.Url) is { } single)
            {
                urls.Add(single);
                results.Add(new GeneratedResult(single, null));
            }

            var progress = (int)Math.Round(Math.Max(0, Math.Min(100, body.Progress ?? 0)));
            var id = NullIfBlank(body.Id) ?? fallbackId ?? string.Empty;
            return new TaskSnapshot(id, StateOf(status, failureReason, error), status, progress, urls, failureReason, error)
            {
                Results = results,
            };
        }

        private static TaskState StateOf(string status, string? failureReason, string? error)
        {
            switch (status.ToUpperInvariant())
            {
                case "SUCCEEDED":
                case "SUCCESS":
                case "COMPLETED":
                    return TaskState.Succeeded;
                case "FAILED":
                case "FAILURE":
                case "ERROR":
                case "VIOLATION":
                    return TaskState.Failed;
                case "":
                    // The plain error object {id, failure_reason, error} has no status at all.
                    return failureReason is null && error is null ? TaskState.Running : TaskState.Failed;
                default:
                    return TaskState.Running;
            }
        }

        private static string? NullIfBlank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text!.Trim();
    }
}
