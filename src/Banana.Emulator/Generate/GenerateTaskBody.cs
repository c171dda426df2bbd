using System.Text.Json.Serialization;
using Banana.Emulator.Draw;
using Banana.Emulator.State;

namespace Banana.Emulator.Generate;

/// <summary>
/// A task as the generate API writes it (docs/protocol.md#generate-api): at top level, no envelope; a moderated task is
/// <c>violation</c>, not <c>failed</c>.
/// </summary>
internal sealed record GenerateTaskBody(
    string Id,
    string Status,
    int Progress,
    IReadOnlyList<TaskResultBody> Results,
    [property: JsonPropertyName("failure_reason")] string FailureReason,
    string Error)
{
    public const string Running = "running";
    public const string Succeeded = "succeeded";

    public static GenerateTaskBody Of(TaskRecord task, string baseUrl)
    {
        if (!task.IsFinished)
        {
            return new(task.Id, Running, task.ProgressAt(DateTimeOffset.UtcNow), [], string.Empty, string.Empty);
        }

        if (task.Outcome.Succeeds)
        {
            return new(task.Id, Succeeded, 100, TaskResultBody.AllOf(task, baseUrl), string.Empty, string.Empty);
        }

        var moderated = task.Outcome.FailureReason is "input_moderation" or "output_moderation";
        return new(task.Id, moderated ? "violation" : "failed", 0, [], task.Outcome.FailureReason!, task.Outcome.Error);
    }
}

internal sealed class GenerateTaskShape : ITaskShape
{
    public static GenerateTaskShape Instance { get; } = new();

    public object Running(TaskRecord task, int progress) => new GenerateTaskBody(task.Id, GenerateTaskBody.Running, progress, [], string.Empty, string.Empty);

    public object Of(TaskRecord task, string baseUrl) => GenerateTaskBody.Of(task, baseUrl);
}
