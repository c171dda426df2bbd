using System;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Banana.Client.Http;
using Banana.Client.Tasks;

namespace Banana.Client.Draw
{
    /// <summary>
    /// Submits in stream mode (either API: their frames have the same shape) and follows the frames to the final one. The first frame carrying an id is
    /// handed to the caller (awaited) before anything else is read, so the id is on record before waiting.
    /// Once the id is known nothing is ever submitted again: a broken or silent stream continues by polling.
    /// </summary>
    internal sealed class DrawStreamFollower
    {
        private readonly GrsaiClientOptions options;
        private readonly ITaskApi api;
        private readonly SnapshotReader snapshots;
        private readonly ServiceErrorMapper errors;
        private readonly TaskPoller poller;
        private readonly ClientLog log;

        public DrawStreamFollower(
            GrsaiClientOptions options, ITaskApi api, SnapshotReader snapshots, ServiceErrorMapper errors, TaskPoller poller, ClientLog log)
        {
            this.options = options;
            this.api = api;
            this.snapshots = snapshots;
            this.errors = errors;
            this.poller = poller;
            this.log = log;
        }

        public async Task<TaskSnapshot> GenerateAsync(
            GenerationRequest request,
            Func<AcceptedTask, CancellationToken, Task> onTaskAccepted,
            IProgress<TaskSnapshot>? progress,
            CancellationToken cancellationToken)
        {
            var time = options.TimeProvider;
            var started = time.GetTimestamp();
            string? taskId = null;
            var tally = new SubmissionTally();
            using (var response = await api.OpenStreamAsync(request, tally, cancellationToken).ConfigureAwait(false))
            using (var watchdog = new IdleWatchdog(options.StreamIdleTimeout, response, cancellationToken))
            {
                var reader = new SseFrameReader(await response.Content.ReadAsStreamAsync().ConfigureAwait(false));
                while (true)
                {
                    DrawFrame? frame;
                    try
                    {
                        watchdog.Rearm();
                        frame = await reader.ReadAsync(watchdog.Token).ConfigureAwait(false);
                    }
                    catch (Exception fault) when (cancellationToken.IsCancellationRequested && fault is not OperationCanceledException)
                    {
                        throw new OperationCanceledException("The generation was cancelled.", fault, cancellationToken);
                    }
                    catch (Exception fault) when (IsStreamBreak(fault) && !cancellationToken.IsCancellationRequested)
                    {
                        var why = watchdog.Fired
                            ? $"sent nothing for {watchdog.Limit.TotalSeconds:0.#} s"
                            : "broke: " + TransientFaults.Describe(fault, log.Redactor);
                        if (taskId is null)
                        {
                            // The request was taken (the headers came): the task may exist, paid for, with nobody knowing its id.
                            throw new GrsaiTransientException($"generate: the stream {why} before the service named a task.", fault)
                            {
                                MayHaveBeenCharged = true,
                            };
                        }

                        log.Write($"generate: the stream of task {taskId} {why}; polling the task instead of submitting again.");
                        break;
                    }

                    if (frame is null)
                    {
                        if (taskId is null && reader.BytesRead == 0 && api.EmptyAnswerRejectsKey)
                        {
                            // A whole, empty answer (not a cut connection, which throws): the generate API's way of refusing a key.
                            throw new GrsaiAuthenticationException(
                                "generate: the service answered with an empty body, which is how the generate API rejects an API key. Check the key.");
                        }

                        if (taskId is null)
                        {
                            throw new GrsaiTransientException("generate: the stream ended before the service named a task.")
                            {
                                MayHaveBeenCharged = true,
                            };
                        }

                        log.Write($"generate: the stream of task {taskId} ended before its final frame; polling the task instead.");
                        break;
                    }

                    var snapshot = ReadFrame(frame, taskId);
                    if (snapshot is null)
                    {
                        break;
                    }

                    if (taskId is null && snapshot.Id.Length > 0)
                    {
                        taskId = snapshot.Id;
                        watchdog.Pause();
                        await onTaskAccepted(new AcceptedTask(taskId) { UnansweredSubmissions = tally.Unanswered }, cancellationToken)
                            .ConfigureAwait(false);
                    }

                    progress?.Report(snapshot);
                    if (TaskOutcome.Resolve(snapshot, errors) is { } final)
                    {
                        return final;
                    }

                    if (taskId is not null && time.GetElapsedTime(started) >= options.TaskDeadline)
                    {
                        throw new GrsaiTransientException(
                            $"Task {taskId} did not finish within {options.TaskDeadline.TotalSeconds:0.#} s. It may still finish: wait for it again later instead of submitting it again.")
                        {
                            TaskId = taskId,
                        };
                    }
                }
            }

            // Every way out of the loop that reaches here has the id: without it, the loop throws instead.
            return await poller.WaitAsync(
                taskId!, progress, options.TaskDeadline - time.GetElapsedTime(started), TimeSpan.Zero, fresh: true, cancellationToken)
                .ConfigureAwait(false);
        }

        /// <summary>The frame's snapshot; null when a garbled frame arrives after the id is known (then polling takes over).</summary>
        private TaskSnapshot? ReadFrame(DrawFrame frame, string? taskId)
        {
            try
            {
                var snapshot = snapshots.ReadDrawAnswer(frame.Json);
                return snapshot.Id.Length == 0 && taskId is not null ? snapshot with { Id = taskId } : snapshot;
            }
            catch (GrsaiProtocolException fault) when (taskId is not null)
            {
                log.Write($"generate: unreadable frame for task {taskId} ({fault.Message}); polling the task instead.");
                return null;
            }
        }

        private static bool IsStreamBreak(Exception fault)
            => fault is IOException or HttpRequestException or ObjectDisposedException or OperationCanceledException;
    }
}
