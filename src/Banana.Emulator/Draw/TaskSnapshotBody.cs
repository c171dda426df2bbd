using System.Text.Json.Serialization;
using Banana.Emulator.Http;
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
    /// <summary>A stream frame of a running task at the given progress.</summary>
    public static TaskSnapshotBody Running(string id, int progress) => new(id, [], progress, "running", string.Empty, string.Empty);

    public static TaskSnapshotBody Of(TaskRecord task, string baseUrl)
    {
        if (!task.IsFinished)
        {
            return new(task.Id, [], task.ProgressAt(DateTimeOffset.UtcNow), "running", string.Empty, string.Empty);
        }

        return task.Outcome.Succeeds
            ? new(task.Id, TaskResultBody.AllOf(task, baseUrl), 100, "succeeded", string.Empty, string.Empty)
            : new(task.Id, [], 0, "failed", task.Outcome.FailureReason!, task.Outcome.Error);
    }
}

/// <summary>One result: the image URL and the model's text reply that came with it.</summary>
internal sealed record TaskResultBody(string Url, string Content)
{
    /// <summary>Separates a result's number from its task id in result file names: <c>&lt;id&gt;.png</c>, <c>&lt;id&gt;~2.png</c>.</summary>
    public const char NumberSeparator = '~';

    /// <summary>Every result of a succeeded task: the first at <c>/results/&lt;id&gt;.png</c>, the others numbered from 2.</summary>
    public static IReadOnlyList<TaskResultBody> AllOf(TaskRecord task, string baseUrl)
        => [.. Enumerable.Range(1, task.ResultCount).Select(n => new TaskResultBody(
            n == 1 ? task.Outcome.ForeignResultUrl ?? $"{baseUrl}{ServiceRoutes.Results}{task.Id}.png"
                : $"{baseUrl}{ServiceRoutes.Results}{task.Id}{NumberSeparator}{n}.png",
            task.Content))];
}

/// <summary>How one API writes a task: the draw snapshot or the generate task body.</summary>
internal interface ITaskShape
{
    /// <summary>A stream frame of the running task (the first one: progress 0, the task exists).</summary>
    object Running(TaskRecord task, int progress);

    object Of(TaskRecord task, string baseUrl);
}

internal sealed class DrawTaskShape : ITaskShape
{
    public static DrawTaskShape Instance { get; } = new();

    public object Running(TaskRecord task, int progress) => TaskSnapshotBody.Running(task.Id, progress);

    public object Of(TaskRecord task, string baseUrl) => TaskSnapshotBody.Of(task, baseUrl);
}
