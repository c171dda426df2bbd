namespace Banana.Emulator.State;

/// <summary>How a task will end, decided when it is submitted; <see cref="FailureReason"/> is null for success.</summary>
internal sealed record TaskOutcome(string? FailureReason, string Error)
{
    public static TaskOutcome Success { get; } = new(null, string.Empty);

    public bool Succeeds => FailureReason is null;

    /// <summary>The address the task names for its first result instead of its own (the <c>foreign-result-url</c> fault).</summary>
    public string? ForeignResultUrl { get; init; }

    public static TaskOutcome Failure(string reason, string error) => new(reason, error);
}
