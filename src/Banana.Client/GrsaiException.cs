using System;
using System.Net;

namespace Banana.Client
{
    /// <summary>
    /// Base of every error the client raises. <see cref="ErrorId"/> is stable text a script can branch on
    /// (PowerShell uses it as the ErrorRecord's FullyQualifiedErrorId). Messages never contain the key.
    /// </summary>
    public abstract class GrsaiException : Exception
    {
        private bool mayHaveBeenCharged;

        protected GrsaiException(string message, Exception? innerException = null)
            : base(message, innerException)
        {
        }

        public abstract string ErrorId { get; }

        /// <summary>True when no request made with this key can succeed (rejected key, no credits).</summary>
        public virtual bool DoomsKey => false;

        /// <summary>The task concerned, when there is one.</summary>
        public string? TaskId { get; init; }

        public HttpStatusCode? StatusCode { get; init; }

        /// <summary>The <c>code</c> field of the service's answer, when there is one.</summary>
        public int? ServiceCode { get; init; }

        /// <summary>
        /// True when a request that creates a task was sent but its answer was lost: the service may have created
        /// (and charged for) a task whose id nobody knows. The submission that lost its answer last is not retried,
        /// since a retry could pay twice; an earlier attempt's loss sets it on whatever error ended the submission.
        /// </summary>
        public bool MayHaveBeenCharged
        {
            get => mayHaveBeenCharged;
            init => mayHaveBeenCharged = value;
        }

        internal void MarkMayHaveBeenCharged() => mayHaveBeenCharged = true;
    }

    /// <summary>401 or an answer saying the key is invalid. Never retried.</summary>
    public sealed class GrsaiAuthenticationException : GrsaiException
    {
        public GrsaiAuthenticationException(string message, Exception? inner = null) : base(message, inner) { }
        public override string ErrorId => "ApiKeyRejected";
        public override bool DoomsKey => true;
    }

    /// <summary>402 or "credits not enough" / 积分不足. Never retried.</summary>
    public sealed class GrsaiCreditsExhaustedException : GrsaiException
    {
        public GrsaiCreditsExhaustedException(string message, Exception? inner = null) : base(message, inner) { }
        public override string ErrorId => "CreditsExhausted";
        public override bool DoomsKey => true;
    }

    /// <summary>Content refused (<c>input_moderation</c> / <c>output_moderation</c>): final, retrying is pointless.</summary>
    public sealed class GrsaiModerationException : GrsaiException
    {
        public GrsaiModerationException(string message, string reason, Exception? inner = null) : base(message, inner)
            => Reason = reason;
        public string Reason { get; }
        public override string ErrorId => "ContentModerated";
    }

    /// <summary>The task failed with <c>failure_reason: "error"</c>: resubmitting may succeed.</summary>
    public sealed class GrsaiTaskFailedException : GrsaiException
    {
        public GrsaiTaskFailedException(string message, Exception? inner = null) : base(message, inner) { }
        public override string ErrorId => "TaskFailed";
    }

    /// <summary>The service rejected the request's parameters (<c>code: -1</c> and a message, or HTTP 400).</summary>
    public sealed class GrsaiRequestRejectedException : GrsaiException
    {
        public GrsaiRequestRejectedException(string message, Exception? inner = null) : base(message, inner) { }
        public override string ErrorId => "RequestRejected";
    }

    /// <summary>A transient fault that outlasted every retry, or a task past its deadline.</summary>
    public sealed class GrsaiTransientException : GrsaiException
    {
        public GrsaiTransientException(string message, Exception? inner = null) : base(message, inner) { }
        public override string ErrorId => "ServiceUnavailable";
    }

    /// <summary><c>-22</c> (task not found) for longer than the grace period.</summary>
    public class GrsaiTaskNotFoundException : GrsaiException
    {
        public GrsaiTaskNotFoundException(string message, Exception? inner = null) : base(message, inner) { }
        public override string ErrorId => "TaskNotFound";
    }

    /// <summary>
    /// A recorded task the service no longer has (tasks and results live about two hours): draw <c>-22</c> past the
    /// grace period, generate HTTP 404. Raised at once, not after a deadline: the job can only be submitted again,
    /// and paid for again.
    /// </summary>
    public sealed class GrsaiTaskExpiredException : GrsaiTaskNotFoundException
    {
        public GrsaiTaskExpiredException(string message, Exception? inner = null) : base(message, inner) { }
        public override string ErrorId => "TaskExpired";
    }

    /// <summary>A result URL that answers 404/410: results live about two hours.</summary>
    public sealed class GrsaiResultExpiredException : GrsaiException
    {
        public GrsaiResultExpiredException(string message, Exception? inner = null) : base(message, inner) { }
        public override string ErrorId => "ResultExpired";
    }

    /// <summary>A download that is not an image (an HTML error page, truncated bytes) even after retries.</summary>
    public sealed class GrsaiInvalidImageException : GrsaiException
    {
        public GrsaiInvalidImageException(string message, Exception? inner = null) : base(message, inner) { }
        public override string ErrorId => "InvalidResultImage";
    }

    /// <summary>An answer the client cannot make sense of.</summary>
    public sealed class GrsaiProtocolException : GrsaiException
    {
        public GrsaiProtocolException(string message, Exception? inner = null) : base(message, inner) { }
        public override string ErrorId => "UnexpectedResponse";
    }

    /// <summary>A model / aspect ratio / image size combination the service does not offer. Raised before any request.</summary>
    public sealed class GrsaiValidationException : GrsaiException
    {
        public GrsaiValidationException(string message, string parameterName) : base(message) => ParameterName = parameterName;
        public string ParameterName { get; }
        public override string ErrorId => "InvalidGenerationParameters";
    }
}
