using System.Text.Json.Serialization;
using Banana.Emulator.State;

namespace Banana.Emulator.Draw;

/// <summary>A task snapshot as the service sends it: a stream frame, or the <c>data</c> of a poll answer.</summary>
internal sealed record TaskSnapshotBody(
    string Id,
    IReadOnlyList<TaskResultBody> Results,
    int Progress,
    string Status,
    [property: JsonPropertyName("failure_reason")] string FailureReason,
    string Error)
{
    /// <summary>The first frame of a stream: it exists, it runs, nothing is done yet.</summary>
    public static TaskSnapshotBody Started(string id) => new(id, [], 0, "running", string.Empty, string.Empty);

    public static TaskSnapshotBody Of(TaskRecord task, string baseUrl)
    {
        if (!task.IsFinished)
        {
            return new(task.Id, [], task.ProgressAt(DateTimeOffset.UtcNow), "running", string.Empty, string.Empty);
        }

        return task.Outcome.Succeeds
            ? new(task.Id, [new TaskResultBody($"{baseUrl}/results/{task.Id}.png", string.Empty)], 100, "succeeded", string.Empty, string.Empty)
            : new(task.Id, [], 0, "failed", task.Outcome.FailureReason!, task.Outcome.Error);
    }
}

internal sealed record TaskResultBody(string Url, string Content);
