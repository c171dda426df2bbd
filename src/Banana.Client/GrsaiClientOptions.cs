using System;

namespace Banana.Client
{
    /// <summary>Where and how a <see cref="GrsaiClient"/> talks to the service. Defaults suit the real API.</summary>
    public sealed class GrsaiClientOptions
    {
        /// <summary>The domestic (China) host, as the original scripts used.</summary>
        public static readonly Uri DefaultBaseUri = new Uri("https://grsai.dakka.com.cn");

        public Uri BaseUri { get; set; } = DefaultBaseUri;

        /// <summary>The secret key. Sent only in the Authorization header (and the credits body); never logged.</summary>
        public string ApiKey { get; set; } = string.Empty;

        /// <summary>Retries of one HTTP call on a transient fault (408, 429, 5xx, reset, timeout).</summary>
        public int MaxRetries { get; set; } = 4;

        /// <summary>First backoff delay; doubles per attempt with jitter, capped by <see cref="MaxRetryDelay"/>.</summary>
        public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

        public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>Timeout of one HTTP attempt up to its response headers (and a whole small body).</summary>
        public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>A stream that sends nothing for this long is treated as broken (then the task is polled).</summary>
        public TimeSpan StreamIdleTimeout { get; set; } = TimeSpan.FromSeconds(120);

        public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

        /// <summary>How long to wait for one task to finish before giving up on it.</summary>
        public TimeSpan TaskDeadline { get; set; } = TimeSpan.FromMinutes(20);

        /// <summary>How long a poll answering <c>-22</c> (task not found) still counts as "not ready yet".</summary>
        public TimeSpan NotFoundGrace { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>Largest result image accepted from a download.</summary>
        public long MaxDownloadBytes { get; set; } = 64L * 1024 * 1024;

        /// <summary>Largest file sent inline as a data URI (<see cref="UploadMethod.DataUri"/>); it travels in every draw request.</summary>
        public long MaxDataUriBytes { get; set; } = 10L * 1024 * 1024;

        /// <summary>Receives one line per notable event (retries, fallbacks), already free of the key.</summary>
        public Action<string>? Log { get; set; }

        /// <summary>Called before each retry, so callers can count faults and retries.</summary>
        public Action<RetryNotice>? OnRetry { get; set; }
    }

    /// <summary>
    /// One retry about to happen: what failed (<see cref="Kind"/> and <see cref="StatusCode"/> for programs,
    /// <see cref="Fault"/> for people) and how long the client waits first.
    /// </summary>
    public sealed record RetryNotice(string Operation, int Attempt, string Fault, TimeSpan Delay)
    {
        public TransientFaultKind Kind { get; init; } = TransientFaultKind.Other;

        /// <summary>The HTTP status that asked for the retry; null when no answer came (a drop, a timeout).</summary>
        public System.Net.HttpStatusCode? StatusCode { get; init; }
    }
}
