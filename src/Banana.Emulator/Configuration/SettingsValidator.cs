namespace Banana.Emulator;

/// <summary>Refuses settings that cannot mean anything, so a typo in a test fails loudly instead of silently.</summary>
internal static class SettingsValidator
{
    public static void Validate(EmulatorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Require(settings.GenerationLatency >= TimeSpan.Zero, "GenerationLatency must not be negative.");
        Require(settings.UploadLatency >= TimeSpan.Zero, "UploadLatency must not be negative.");
        Require(settings.DownloadLatency >= TimeSpan.Zero, "DownloadLatency must not be negative.");
        Require(settings.ResultTtl >= TimeSpan.Zero, "ResultTtl must not be negative.");
        Require(settings.TaskTtl >= TimeSpan.Zero, "TaskTtl must not be negative.");
        Require(settings.ResultsPerTask is >= 1 and <= 10, "ResultsPerTask must be between 1 and 10.");
        Require(settings.PathPrefix is not null
            && (settings.PathPrefix.Length == 0 || (settings.PathPrefix.StartsWith('/') && !settings.PathPrefix.EndsWith('/'))),
            "PathPrefix must be empty or start with '/' and not end with one, e.g. \"/prefix\".");
        Require(settings.Credits is not null && settings.RejectedKeys is not null && settings.Faults is not null
            && settings.ExtraModels is not null, "Credits, RejectedKeys, Faults and ExtraModels must not be null.");
        foreach (var model in settings.ExtraModels!)
        {
            Require(model is not null && !string.IsNullOrWhiteSpace(model.Name) && model.ImageSizes is not null
                && model.AspectRatios is { Count: > 0 } && model.Credits >= 0,
                "An extra model needs a name, at least one aspect ratio, image sizes (may be empty) and credits of at least 0.");
        }

        foreach (var rule in settings.Faults!)
        {
            Validate(rule);
        }
    }

    public static void Validate(FaultRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        Require(Enum.IsDefined(rule.Kind) && Enum.IsDefined(rule.Endpoint), "A fault rule names an unknown kind or endpoint.");
        Require(rule.Count is null or >= 0, "A fault rule's count must not be negative.");
        Require(rule.Probability is null or (>= 0 and <= 1), "A fault rule's probability must be between 0 and 1.");
        Require(rule.After >= 0, "A fault rule's 'after' must not be negative.");
        Require(rule.RetryAfterSeconds >= 0 && rule.DelayMs >= 0, "A fault rule's retryAfterSeconds and delayMs must not be negative.");
        Require(
            rule.Kind is not (FaultKind.ForeignResultUrl or FaultKind.ForeignUploadDomain) || !string.IsNullOrEmpty(rule.Address),
            "A foreign-result-url or foreign-upload-domain rule needs its address.");
        Require(rule.BodyBytes is null or >= 0, "A fault rule's bodyBytes must not be negative.");
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException(message);
        }
    }
}
