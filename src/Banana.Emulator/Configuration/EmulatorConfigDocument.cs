namespace Banana.Emulator.Configuration;

/// <summary>
/// The JSON form of <see cref="EmulatorSettings"/> used by <c>--config</c>, <c>POST /_emulator/config</c> and
/// <c>GET /_emulator/config</c>. Times are in milliseconds or seconds. When applied, an absent (null) field
/// keeps the current value; a present <see cref="Faults"/> replaces every rule.
/// </summary>
internal sealed class EmulatorConfigDocument
{
    public int? GenerationLatencyMs { get; set; }

    public int? UploadLatencyMs { get; set; }

    public int? DownloadLatencyMs { get; set; }

    public bool? ProgressFrames { get; set; }

    public double? ResultTtlSeconds { get; set; }

    public double? TaskTtlSeconds { get; set; }

    public List<EmulatorModel>? ExtraModels { get; set; }

    public long? DefaultCredits { get; set; }

    public Dictionary<string, long>? Credits { get; set; }

    public List<string>? RejectedKeys { get; set; }

    public string? ModerationMarker { get; set; }

    public List<FaultRule>? Faults { get; set; }

    /// <summary>Result images per succeeded task (1..10).</summary>
    public int? ResultsPerTask { get; set; }

    /// <summary>The path the API lives under (<c>"/prefix"</c>); <c>""</c> puts it back at the root.</summary>
    public string? PathPrefix { get; set; }

    public static EmulatorConfigDocument From(EmulatorSettings settings) => new()
    {
        GenerationLatencyMs = (int)settings.GenerationLatency.TotalMilliseconds,
        UploadLatencyMs = (int)settings.UploadLatency.TotalMilliseconds,
        DownloadLatencyMs = (int)settings.DownloadLatency.TotalMilliseconds,
        ProgressFrames = settings.ProgressFrames,
        ResultTtlSeconds = settings.ResultTtl.TotalSeconds,
        TaskTtlSeconds = settings.TaskTtl.TotalSeconds,
        ExtraModels = [.. settings.ExtraModels],
        DefaultCredits = settings.DefaultCredits,
        Credits = new Dictionary<string, long>(settings.Credits, StringComparer.Ordinal),
        RejectedKeys = [.. settings.RejectedKeys],
        ModerationMarker = settings.ModerationMarker,
        Faults = [.. settings.Faults],
        ResultsPerTask = settings.ResultsPerTask,
        PathPrefix = settings.PathPrefix,
    };

    /// <summary>The settings with every field present in this document replaced; throws on a negative time.</summary>
    public EmulatorSettings ApplyTo(EmulatorSettings settings) => settings with
    {
        GenerationLatency = Milliseconds(GenerationLatencyMs, nameof(GenerationLatencyMs)) ?? settings.GenerationLatency,
        UploadLatency = Milliseconds(UploadLatencyMs, nameof(UploadLatencyMs)) ?? settings.UploadLatency,
        DownloadLatency = Milliseconds(DownloadLatencyMs, nameof(DownloadLatencyMs)) ?? settings.DownloadLatency,
        ProgressFrames = ProgressFrames ?? settings.ProgressFrames,
        ResultTtl = ResultTtlSeconds is { } ttl
            ? (ttl >= 0 ? TimeSpan.FromSeconds(ttl) : throw new ArgumentException("resultTtlSeconds must not be negative."))
            : settings.ResultTtl,
        TaskTtl = TaskTtlSeconds is { } taskTtl
            ? (taskTtl >= 0 ? TimeSpan.FromSeconds(taskTtl) : throw new ArgumentException("taskTtlSeconds must not be negative."))
            : settings.TaskTtl,
        ExtraModels = ExtraModels is null ? settings.ExtraModels : [.. ExtraModels],
        DefaultCredits = DefaultCredits ?? settings.DefaultCredits,
        Credits = Credits is null ? settings.Credits : new Dictionary<string, long>(Credits, StringComparer.Ordinal),
        RejectedKeys = RejectedKeys is null ? settings.RejectedKeys : [.. RejectedKeys],
        ModerationMarker = ModerationMarker ?? settings.ModerationMarker,
        Faults = Faults is null ? settings.Faults : [.. Faults],
        ResultsPerTask = ResultsPerTask ?? settings.ResultsPerTask,
        PathPrefix = PathPrefix ?? settings.PathPrefix,
    };

    private static TimeSpan? Milliseconds(int? value, string name) => value switch
    {
        null => null,
        < 0 => throw new ArgumentException($"{name} must not be negative."),
        _ => TimeSpan.FromMilliseconds(value.Value),
    };
}
