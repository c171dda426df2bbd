using System.Text.Json;
using Banana.Emulator.State;

namespace Banana.Emulator.Draw;

/// <summary>
/// The stream answer of a draw (grsai-api.md 2a): <c>data: {snapshot}</c> frames, the first at once with the
/// task id, progress at a quarter, half and three quarters of the generation, then the final snapshot.
/// </summary>
internal static class TaskStreamWriter
{
    private static readonly byte[] FramePrefix = "data: "u8.ToArray();
    private static readonly byte[] FrameEnd = "\n\n"u8.ToArray();

    /// <param name="withProgress">False for <c>shutProgress: true</c>: only the final frame is sent.</param>
    /// <param name="progressFrames">Whether frames between the first and the final are sent (a setting of the emulator).</param>
    /// <param name="cutAfterFirstFrame">End the response after the first frame, as a broken connection would leave it.</param>
    public static async Task WriteAsync(HttpContext context, TaskRecord task, bool withProgress, bool progressFrames, bool cutAfterFirstFrame)
    {
        var cancellationToken = context.RequestAborted;
        var baseUrl = Http.RequestBody.BaseUrlOf(context.Request);
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";

        if (withProgress)
        {
            await WriteFrameAsync(context, TaskSnapshotBody.Started(task.Id), cancellationToken).ConfigureAwait(false);
            if (cutAfterFirstFrame)
            {
                return;
            }

            for (var quarter = 1; quarter <= 3 && progressFrames && task.Latency > TimeSpan.Zero; quarter++)
            {
                var wait = task.StartedAt + (task.Latency * quarter / 4) - DateTimeOffset.UtcNow;
                if (wait > TimeSpan.Zero)
                {
                    await Task.WhenAny(task.Finished, Task.Delay(wait, cancellationToken)).ConfigureAwait(false);
                    cancellationToken.ThrowIfCancellationRequested();
                }

                if (task.IsFinished)
                {
                    break;
                }

                await WriteFrameAsync(context, TaskSnapshotBody.Of(task, baseUrl), cancellationToken).ConfigureAwait(false);
            }
        }

        await task.Finished.WaitAsync(cancellationToken).ConfigureAwait(false);
        await WriteFrameAsync(context, TaskSnapshotBody.Of(task, baseUrl), cancellationToken).ConfigureAwait(false);
    }

    private static async Task WriteFrameAsync(HttpContext context, TaskSnapshotBody snapshot, CancellationToken cancellationToken)
    {
        var body = context.Response.Body;
        await body.WriteAsync(FramePrefix, cancellationToken).ConfigureAwait(false);
        await JsonSerializer.SerializeAsync(body, snapshot, Http.EmulatorJson.Options, cancellationToken).ConfigureAwait(false);
        await body.WriteAsync(FrameEnd, cancellationToken).ConfigureAwait(false);
        await body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
