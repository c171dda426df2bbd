namespace Banana.Emulator;

/// <summary>
/// How the emulator behaves: latencies, result lifetime, credits, keys, moderation and fault rules. Immutable;
/// change a running emulator with <see cref="EmulatorServer.Configure(Func{EmulatorSettings, EmulatorSettings})"/>
/// (in process) or <c>POST /_emulator/config</c> (out of process).
/// </summary>
public sealed record EmulatorSettings
{
    /// <summary>The marker word of <see cref="ModerationMarker"/> unless configured otherwise.</summary>
    public const string DefaultModerationMarker = "MODERATE_ME";

    /// <summary>How long a generation runs before its task finishes.</summary>
    public TimeSpan GenerationLatency { get; init; } = TimeSpan.Zero;

    /// <summary>Added to every stored upload (form or presigned PUT) before it answers.</summary>
    public TimeSpan UploadLatency { get; init; } = TimeSpan.Zero;

    /// <summary>Added to every file or result download before it answers.</summary>
    public TimeSpan DownloadLatency { get; init; } = TimeSpan.Zero;

    /// <summary>Whether streams carry progress frames while a task runs (at 25, 50 and 75 % of the latency).</summary>
    public bool ProgressFrames { get; init; } = true;

    /// <summary>How long a result image stays downloadable after its task finished (the real service: about 2 h).</summary>
    public TimeSpan ResultTtl { get; init; } = TimeSpan.FromHours(2);

    /// <summary>
    /// How long a task can be polled after it was created (the real service: about 2 h). Past it, a draw poll
    /// answers code -22 and a generate result HTTP 404, as for an unknown id.
    /// </summary>
    public TimeSpan TaskTtl { get; init; } = TimeSpan.FromHours(2);

    /// <summary>Models added to the service's built-in table (<see cref="BuiltInModels"/>); an entry with a built-in name replaces it.</summary>
    public IReadOnlyList<EmulatorModel> ExtraModels { get; init; } = [];

    /// <summary>The models the emulated service knows without configuration (its own data, not the client's catalog).</summary>
    public static IReadOnlyList<EmulatorModel> BuiltInModels => Models.ModelTable.BuiltIn;

    /// <summary>The balance of any accepted key not listed in <see cref="Credits"/>.</summary>
    public long DefaultCredits { get; init; } = 1_000_000_000;

    /// <summary>Balances of particular keys. A key's balance is its configured credits less what it spent since the last reset.</summary>
    public IReadOnlyDictionary<string, long> Credits { get; init; } = new Dictionary<string, long>(StringComparer.Ordinal);

    /// <summary>Keys answered with HTTP 401 (any key not starting with <c>sk-</c> is rejected as well).</summary>
    public IReadOnlyCollection<string> RejectedKeys { get; init; } = [];

    /// <summary>A prompt containing this text fails with <c>failure_reason: "input_moderation"</c>; empty turns it off.</summary>
    public string ModerationMarker { get; init; } = DefaultModerationMarker;

    /// <summary>Fault injection rules, tried in order; the first that fires wins.</summary>
    public IReadOnlyList<FaultRule> Faults { get; init; } = [];

    /// <summary>
    /// How many result images each succeeded task carries (<c>results[0..n-1]</c>), as the service does when a
    /// model answers with several pictures; 1 by default.
    /// </summary>
    public int ResultsPerTask { get; init; } = 1;

    /// <summary>
    /// A path the API lives under, as behind a proxy (<c>/prefix</c>): API requests must start with it (others get 404
    /// and count in <c>requestsOutsidePrefix</c>) and every URL the emulator hands out carries it. Empty (the default):
    /// the API sits at the root. The control API answers with or without it.
    /// </summary>
    public string PathPrefix { get; init; } = string.Empty;
}
