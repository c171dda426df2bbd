using System;
using System.Net;
using Banana.Client.Draw;
using Banana.Client.Http;
using Banana.Client.Wire;

namespace Banana.Client
{
    /// <summary>
    /// Turns the service's refusals into typed exceptions (docs/protocol.md#http-behaviour). Every text the service
    /// sends passes through the redactor first, since an error may echo the request and with it the key.
    /// </summary>
    internal sealed class ServiceErrorMapper
    {
        public const int TaskNotFoundCode = -22;

        private static readonly string[] CreditsWords = { "credit", "积分不足", "余额不足", "insufficient", "balance" };
        // "key" alone would also match "keyword" in a prompt complaint: only phrases that name the API key.
        private static readonly string[] KeyWords = { "api key", "apikey", "api-key", "api_key", "invalid key", "密钥", "令牌" };
        private static readonly string[] InvalidWords =
            { "invalid", "无效", "错误", "error", "expired", "过期", "not exist", "不存在", "not found", "wrong", "incorrect", "disabled", "禁用" };

        private readonly KeyRedactor redactor;

        public ServiceErrorMapper(KeyRedactor redactor) => this.redactor = redactor;

        public static bool MentionsCredits(string text) => ContainsAny(text, CreditsWords);

        public static bool MentionsInvalidKey(string text)
            => text.IndexOf("unauthori", StringComparison.OrdinalIgnoreCase) >= 0
               || (ContainsAny(text, KeyWords) && ContainsAny(text, InvalidWords));

        /// <summary>An answer with <c>code != 0</c> (HTTP 200, or a 4xx carrying a JSON body).</summary>
        public GrsaiException FromServiceCode(
            string operation, int code, string? message, HttpStatusCode? status = null, string? taskId = null)
        {
            var msg = redactor.Redact(message);
            var text = $"{operation}: the service refused the request (code {code}): {(msg.Length > 0 ? msg : "no message")}";
            if (status == HttpStatusCode.Unauthorized || MentionsInvalidKey(msg))
            {
                return new GrsaiAuthenticationException(text + ". Check the API key.") { ServiceCode = code, StatusCode = status, TaskId = taskId };
            }

            if (status == (HttpStatusCode)402 || MentionsCredits(msg))
            {
                return new GrsaiCreditsExhaustedException(text + ". Top up the key's credits.") { ServiceCode = code, StatusCode = status, TaskId = taskId };
            }

            return new GrsaiRequestRejectedException(text) { ServiceCode = code, StatusCode = status, TaskId = taskId };
        }

        /// <summary>A non-success HTTP status that is not worth retrying (401, 402, 400, other 4xx).</summary>
        public GrsaiException FromHttpStatus(string operation, HttpStatusCode status, string body)
        {
            var envelope = WireJson.TryDeserialize<ServiceEnvelope>(body);
            var snapshot = envelope?.Code is null ? WireJson.TryDeserialize<TaskSnapshotBody>(body) : null;
            if (snapshot is not null && status != HttpStatusCode.Unauthorized && status != (HttpStatusCode)402
                && SnapshotReader.ToSnapshot(snapshot, fallbackId: null) is { State: TaskState.Failed } failed)
            {
                // The generate API answers a failed task (or a refused key, with an empty id) as HTTP 400 with the task.
                return FromFailedTask(failed);
            }
            var message = envelope?.Message ?? snapshot?.Error ?? HttpBody.Excerpt(body);
            if (status == HttpStatusCode.Unauthorized)
            {
                return new GrsaiAuthenticationException(
                    $"{operation}: the service rejected the API key (HTTP 401){Detail(message)}. Check the key.")
                {
                    StatusCode = status,
                    ServiceCode = envelope?.Code,
                };
            }

            if (status == (HttpStatusCode)402)
            {
                return new GrsaiCreditsExhaustedException(
                    $"{operation}: the key has no credits left (HTTP 402){Detail(message)}. Top up the key's credits.")
                {
                    StatusCode = status,
                    ServiceCode = envelope?.Code,
                };
            }

            return FromServiceCode(operation, envelope?.Code ?? (int)status, $"HTTP {(int)status}{Detail(message)}", status);
        }

        /// <summary>A task that ended in <c>failed</c> (or <c>violation</c>).</summary>
        public GrsaiException FromFailedTask(TaskSnapshot snapshot)
        {
            var reason = snapshot.FailureReason ?? string.Empty;
            var error = redactor.Redact(snapshot.Error);
            var taskId = snapshot.Id.Length > 0 ? snapshot.Id : null;
            var task = taskId is null ? "The request" : $"Task {taskId}";
            if (IsModeration(reason) || string.Equals(snapshot.Status, "violation", StringComparison.OrdinalIgnoreCase))
            {
                var named = reason.Length > 0 ? reason : "violation";
                // The service's own text usually just says "refused by content moderation" again: keep it only when it adds something.
                var detail = error.IndexOf("moderation", StringComparison.OrdinalIgnoreCase) >= 0 ? string.Empty : Detail(error);
                return new GrsaiModerationException(
                    $"{task}: {ModeratedPart(named)} was refused by content moderation ({named}){detail}. Change the prompt or image: retrying the same input is pointless.",
                    named)
                {
                    TaskId = taskId,
                };
            }

            if (MentionsInvalidKey(error))
            {
                return new GrsaiAuthenticationException($"{task} failed: {error}. Check the API key.") { TaskId = taskId };
            }

            if (MentionsCredits(error))
            {
                return new GrsaiCreditsExhaustedException($"{task} failed: {error}. Top up the key's credits.") { TaskId = taskId };
            }

            var because = error.Length > 0 ? error : reason.Length > 0 ? reason : "no reason given";
            if (taskId is null)
            {
                // No task was created: the request itself was refused, and sending it again would change nothing.
                return new GrsaiRequestRejectedException($"The service refused the request: {because}.");
            }

            return new GrsaiTaskFailedException($"{task} failed: {because}. Submitting it again may succeed.") { TaskId = taskId };
        }

        private static string ModeratedPart(string reason)
            => string.Equals(reason, "output_moderation", StringComparison.OrdinalIgnoreCase) ? "the generated image"
               : string.Equals(reason, "input_moderation", StringComparison.OrdinalIgnoreCase) ? "the prompt or reference image"
               : "the request";

        public static bool IsModeration(string? reason)
            => string.Equals(reason, "input_moderation", StringComparison.OrdinalIgnoreCase)
               || string.Equals(reason, "output_moderation", StringComparison.OrdinalIgnoreCase);

        private string Detail(string? message)
        {
            var text = redactor.Redact(message);
            return text.Length > 0 ? ": " + text : string.Empty;
        }

        private static bool ContainsAny(string text, string[] words)
        {
            foreach (var word in words)
            {
                if (text.IndexOf(word, StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
