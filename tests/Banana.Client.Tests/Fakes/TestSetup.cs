namespace Banana.Client.Tests.Fakes;

/// <summary>Options that make retries and polls take milliseconds, and a key that is easy to search for.</summary>
public static class TestSetup
{
    public const string ApiKey = "sk-test0123456789SECRETKEYabcdef";

    public static readonly Uri FakeBase = new("https://api.example.test/");

    public static GrsaiClientOptions Options(
        Uri? baseUri = null, List<string>? log = null, List<RetryNotice>? retries = null, SubmitMode mode = SubmitMode.Poll)
        => new()
        {
            SubmitMode = mode,
            MaxFirstPollDelay = TimeSpan.FromMilliseconds(10),
            BaseUri = baseUri ?? FakeBase,
            ApiKey = ApiKey,
            MaxRetries = 3,
            RetryBaseDelay = TimeSpan.FromMilliseconds(5),
            MaxRetryDelay = TimeSpan.FromSeconds(2),
            AttemptTimeout = TimeSpan.FromSeconds(5),
            StreamIdleTimeout = TimeSpan.FromSeconds(5),
            PollInterval = TimeSpan.FromMilliseconds(10),
            TaskDeadline = TimeSpan.FromSeconds(10),
            NotFoundGrace = TimeSpan.FromSeconds(2),
            Log = log is null ? null : line => { lock (log) { log.Add(line); } },
            OnRetry = retries is null ? null : notice => { lock (retries) { retries.Add(notice); } },
        };

    public static GrsaiClient Client(ScriptedHandler handler, GrsaiClientOptions? options = null)
        => new(options ?? Options(), handler.CreateClient());

    /// <summary>A client that follows streams instead of submitting and polling.</summary>
    public static GrsaiClient StreamClient(ScriptedHandler handler, GrsaiClientOptions? options = null)
        => new(options ?? Options(mode: SubmitMode.Stream), handler.CreateClient());

    /// <summary>Default (real-world) timing on a clock that never really waits, for tests about the waits themselves.</summary>
    public static GrsaiClientOptions InstantOptions(InstantTimeProvider clock, SubmitMode mode = SubmitMode.Poll) => new()
    {
        BaseUri = FakeBase,
        ApiKey = ApiKey,
        SubmitMode = mode,
        TimeProvider = clock,
    };

    public static GenerationRequest Request(string prompt = "换一个自然休闲优雅的pose", string model = "nano-banana-fast", string ratio = "auto", string? size = null)
        => new(model, prompt, ["https://files.example.test/in.png"], ratio, size);

    /// <summary>A callback for GenerateAsync that records the ids it receives.</summary>
    public static Func<string, CancellationToken, Task> Record(List<string> ids) => (id, _) =>
    {
        ids.Add(id);
        return Task.CompletedTask;
    };
}
