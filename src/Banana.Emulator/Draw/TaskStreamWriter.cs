using System.Text.Json;
using Banana.Emulator.State;

namespace Banana.Emulator.Draw;

/// <summary>How one stream answer goes.</summary>
/// <param name="WithProgress">False for <c>shutProgress: true</c>: only the final frame is sent.</param>
/// <param name="ProgressFrames">Whether frames between the first and the final are sent (a setting of the emulator).</param>
/// <param name="CutAfterFirstFrame">End the response after the first frame, as a broken connection would leave it.</param>
/// <param name="DuplicateFrames">Send every frame twice (the <c>duplicate-answer</c> fault).</param>
internal sealed record StreamPlan(bool WithProgress, bool ProgressFrames, bool CutAfterFirstFrame, bool DuplicateFrames);

/// <summary>
/// The stream answer of either API (docs/protocol.md#draw-stream, 8): <c>data: {task}</c> frames, the first at once with the
/// task id, progress frames (25, 50, 75) at a quarter, half and three quarters of the generation, then the final task.
/// </summary>
internal static class TaskStreamWriter
{
    private static readonly byte[] FramePrefix = "data: "u8.ToArray();
    private static readonly byte[] FrameEnd = "\n\n"u8.ToArray();

    public static async Task WriteAsync(HttpContext context, TaskRecord task, ITaskShape shape, StreamPlan plan)
    {
        var cancellationToken = context.RequestAborted;
        var baseUrl = Http.RequestBody.BaseUrlOf(context.Request);
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";

        if (plan.WithProgress)
        {
            await WriteFrameAsync(context, shape.Running(task, 0), plan, cancellationToken).ConfigureAwait(false);
            if (plan.CutAfterFirstFrame)
            {
                return;
            }

            // Always the same frames, each when its time comes (at once when late): a loaded machine changes when
            // they arrive, never how many there are, so tests can count them.
            for (var quarter = 1; quarter <= 3 && plan.ProgressFrames && task.Latency > TimeSpan.Zero; quarter++)
            {
                var wait = task.StartedAt + (task.Latency * quarter / 4) - DateTimeOffset.UtcNow;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
                }

                await WriteFrameAsync(context, shape.Running(task, quarter * 25), plan, cancellationToken).ConfigureAwait(false);
            }
        }

        await task.Finished.WaitAsync(cancellationToken).ConfigureAwait(false);
        await WriteFrameAsync(context, shape.Of(task, baseUrl), plan, cancellationToken).ConfigureAwait(false);
    }

    private static async Task WriteFrameAsync(HttpContext context, object frame, StreamPlan plan, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(frame, frame.GetType(), Http.EmulatorJson.Options);
        var body = context.Response.Body;
        for (var copy = plan.DuplicateFrames ? 2 : 1; copy > 0; copy--)
        {
            await body.WriteAsync(FramePrefix, cancellationToken).ConfigureAwait(false);
            await body.WriteAsync(json, cancellationToken).ConfigureAwait(false);
            await body.WriteAsync(FrameEnd, cancellationToken).ConfigureAwait(false);
        }

        await body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
