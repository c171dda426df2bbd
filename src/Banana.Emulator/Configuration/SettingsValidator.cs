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
        Require(settings.Credits is not null && settings.RejectedKeys is not null && settings.Faults is not null,
            "Credits, RejectedKeys and Faults must not be null.");
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
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException(message);
        }
    }
}
