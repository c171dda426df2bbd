using System;

namespace Banana.Client
{
    /// <summary>How <see cref="IGrsaiClient.GenerateAsync"/> learns a task's result.</summary>
    public enum SubmitMode
    {
        /// <summary>
        /// Submit in the mode whose short answer is the task id (draw <c>webHook: "-1"</c>, generate <c>replyType: "async"</c>),
        /// hand the id to the caller, then poll. A cut connection can no longer lose a paid task whose id was never seen.
        /// </summary>
        Poll,

        /// <summary>Submit in stream mode and follow the frames (polling only if the stream breaks after the id is known).</summary>
        Stream,
    }

    /// <summary>Which of grsai's two generation APIs the client speaks (docs/protocol.md#draw and #generate-api).</summary>
    public enum GrsaiApi
    {
        /// <summary><c>POST /v1/draw/nano-banana</c> and <c>POST /v1/draw/result</c>, answers in a <c>{code,msg,data}</c> envelope.</summary>
        Draw,

        /// <summary><c>POST /v1/api/generate</c> and <c>GET /v1/api/result?id=</c>, the task at top level.</summary>
        Generate,
    }

    /// <summary>Where and how a <see cref="GrsaiClient"/> talks to the service. Defaults suit the real API.</summary>
    public sealed class GrsaiClientOptions
    {
        /// <summary>The domestic (China) host, as the original scripts used.</summary>
        public static readonly Uri DefaultBaseUri = new Uri("https://grsai.dakka.com.cn");

        public Uri BaseUri { get; set; } = DefaultBaseUri;

        /// <summary>The secret key. Sent only in the Authorization header (and the credits body); never logged.</summary>
        public string ApiKey { get; set; } = string.Empty;

        /// <summary>The generation API to speak; the draw API by default.</summary>
        public GrsaiApi Api { get; set; } = GrsaiApi.Draw;

        /// <summary>Submit-then-poll by default; <see cref="SubmitMode.Stream"/> follows a stream instead.</summary>
        public SubmitMode SubmitMode { get; set; } = SubmitMode.Poll;

        /// <summary>Retries of one HTTP call on a transient fault (408, 429, 5xx, reset, timeout).</summary>
        public int MaxRetries { get; set; } = 4;

        /// <summary>First backoff delay; doubles per attempt with jitter, capped by <see cref="MaxRetryDelay"/>.</summary>
        public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

        public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>Timeout of one HTTP attempt up to its response headers (and a whole small body).</summary>
        public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>A stream that sends nothing for this long is treated as broken (then the task is polled).</summary>
        public TimeSpan StreamIdleTimeout { get; set; } = TimeSpan.FromSeconds(120);

        /// <summary>Time between two polls of one task once its first poll said "running" (public clients use 2-10 s).</summary>
        public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(3);

        /// <summary>
        /// Upper bound of the wait before a new task's first poll. The wait itself is the model's typical duration from
        /// the <see cref="ModelCatalog"/> (a task is rarely done sooner, so earlier polls are wasted traffic), or
        /// <see cref="PollInterval"/> for a model without one.
        /// </summary>
        public TimeSpan MaxFirstPollDelay { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>
        /// Ceiling of poll requests per second for this client, whatever the number of tasks it waits for: one client
        /// serves one key, and the service throttles per key. A poll answered with Retry-After holds every poll back.
        /// </summary>
        public double MaxPollsPerSecond { get; set; } = 2;

        /// <summary>How long to wait for one task to finish before giving up on it.</summary>
        public TimeSpan TaskDeadline { get; set; } = TimeSpan.FromMinutes(20);

        /// <summary>How long a poll answering <c>-22</c> (task not found) still counts as "not ready yet".</summary>
        public TimeSpan NotFoundGrace { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>Largest result image accepted from a download.</summary>
        public long MaxDownloadBytes { get; set; } = 64L * 1024 * 1024;

        /// <summary>
        /// A full check of a downloaded result, run on the file before it is moved into place once its structure has
        /// passed the client's own checks: given the file's path, null when the image is whole, else what is wrong (the
        /// download is then fetched again, and in the end fails with InvalidResultImage; nothing is saved). The client
        /// carries no image decoder; the engine plugs one in.
        /// </summary>
        public Func<string, string?>? ResultCheck { get; set; }

        /// <summary>Largest file sent inline as a data URI (<see cref="UploadMethod.DataUri"/>); it travels in every draw request.</summary>
        public long MaxDataUriBytes { get; set; } = 10L * 1024 * 1024;

        /// <summary>
        /// The clock of every wait the client chooses (polls, pacing, retry backoff, deadlines); tests pass one that does
        /// not really wait. Timeouts of a single HTTP attempt and of a silent stream stay on the real clock.
        /// </summary>
        public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

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
