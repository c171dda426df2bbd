using System;
using System.Linq;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Banana.Client;
using Banana.Engine.Manifest;
using Banana.Engine.Planning;

namespace Banana.Engine.Execution
{
    /// <summary>
    /// Feeds jobs in plan order (each as soon as its image is uploaded) to generation workers: every key runs up to
    /// its own (adaptive) limit. Only a window of jobs is in flight at any time, so memory does not grow with the size
    /// of the batch. A job whose key dies goes back in the queue for another key; finished tasks go to the downloads.
    /// </summary>
    internal sealed class GenerationStage
    {
        private readonly BatchContext context;
        private readonly UploadStage uploads;
        private readonly ChannelWriter<JobWork> downloads;
        private readonly Channel<JobWork> queue = Channel.CreateUnbounded<JobWork>();
        private readonly SemaphoreSlim window;
        private readonly object gate = new object();
        private int inFlight;
        private bool feedingDone;

        public GenerationStage(BatchContext context, UploadStage uploads, ChannelWriter<JobWork> downloads)
        {
            this.context = context;
            this.uploads = uploads;
            this.downloads = downloads;
            window = new SemaphoreSlim(WorkerCount * 2);
        }

        private int WorkerCount => Math.Max(1, context.Options.GenerationConcurrency) * context.Keys.Slots.Count;

        public async Task RunAsync(CancellationToken cancellationToken)
        {
            var workers = Enumerable.Range(0, WorkerCount).Select(_ => context.GuardAsync(() => WorkAsync(cancellationToken))).ToList();
            try
            {
                await context.GuardAsync(() => FeedAsync(cancellationToken)).ConfigureAwait(false);
            }
            finally
            {
                lock (gate)
                {
                    feedingDone = true;
                    if (inFlight == 0 || cancellationToken.IsCancellationRequested)
                    {
                        queue.Writer.TryComplete();
                    }
                }

                try
                {
                    await Task.WhenAll(workers).ConfigureAwait(false);
                }
                finally
                {
                    window.Dispose();
                }
            }
        }

        private async Task FeedAsync(CancellationToken cancellationToken)
        {
            var feed = context.Feed;
            while (await feed.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (feed.TryRead(out var job))
                {
                    await FeedOneAsync(job, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        private async Task FeedOneAsync(PlannedJob job, CancellationToken cancellationToken)
        {
            var work = new JobWork(job);
            switch (job.Action)
            {
                case PlannedAction.Skip:
                    context.Skip(work);
                    return;
                case PlannedAction.RefuseOutputExists:
                    context.FailOutputExists(work, OutputNames.Confine(context.OutputDirectory!, context.Manifest[job.ManifestIndex].OutputName));
                    return;
            }

            if (context.Budget.Exhausted && context.Manifest[job.ManifestIndex].TaskId is null)
            {
                // The budget is spent: no need to wait for this job's upload. A recorded task still gets collected (free).
                context.HoldBackForBudget(work);
                return;
            }

            if (!await AttachImageAsync(work, cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            await window.WaitAsync(cancellationToken).ConfigureAwait(false);
            lock (gate)
            {
                inFlight++;
            }

            queue.Writer.TryWrite(work);
        }

        /// <summary>Waits for the job's image URL; false when the upload failed (the job is then reported failed).</summary>
        private async Task<bool> AttachImageAsync(JobWork work, CancellationToken cancellationToken)
        {
            var row = context.Manifest[work.Job.ManifestIndex];
            if (work.Job.ImageIndex < 0)
            {
                work.ImageUrls = work.Job.ImageUrls ?? Array.Empty<string>();
                return true;
            }

            SentImage sent;
            try
            {
                sent = row.UploadUrl is { } known
                    ? new SentImage(known, null)
                    : await uploads.UrlFor(work.Job.ImageIndex).WithCancellation(cancellationToken).ConfigureAwait(false);
            }
            catch (Imaging.UnusablePhotoException e)
            {
                // Refused before anything was submitted: this job costs nothing.
                context.Fail(work, e.ErrorId, e.Message, e);
                return false;
            }
            catch (GrsaiException e)
            {
                context.Fail(work, e.ErrorId, $"Uploading '{row.SourcePath}' failed: {e.Message}", e);
                return false;
            }
            catch (Exception e) when (e is System.IO.IOException || e is UnauthorizedAccessException)
            {
                context.Fail(work, "UnreadableFile", $"'{row.SourcePath}' cannot be read: {e.Message}", e);
                return false;
            }

            var url = sent.Url;
            work.ImageUrls = new[] { url };
            var persistable = url.StartsWith("data:", StringComparison.OrdinalIgnoreCase) ? null : url;
            context.Manifest.Update(work.Job.ManifestIndex, r => r with
            {
                UploadUrl = persistable ?? r.UploadUrl,
                Upload = sent.Upload ?? r.Upload,
                Status = r.TaskId is null ? ManifestJobStatus.Uploaded : r.Status,
            });
            return true;
        }

        private async Task WorkAsync(CancellationToken cancellationToken)
        {
            var reader = queue.Reader;
            while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (!reader.TryRead(out var work))
                {
                    continue;
                }

                var row = context.Manifest[work.Job.ManifestIndex];
                var key = await context.Keys.AcquireAsync(row.TaskId is null ? null : row.KeyNumber, cancellationToken).ConfigureAwait(false);
                if (key is null)
                {
                    // Its key is gone: the job stays as recorded (resumable) and counts as cancelled for this run.
                    Leave();
                    continue;
                }

                JobWork? done;
                bool requeue;
                try
                {
                    (done, requeue) = await new GenerationAttempt(context, work, key).RunAsync(cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    context.Keys.Release(key);
                }

                if (requeue)
                {
                    queue.Writer.TryWrite(work);
                    continue;
                }

                try
                {
                    if (done is not null)
                    {
                        await downloads.WriteAsync(done, cancellationToken).ConfigureAwait(false);
                    }
                }
                finally
                {
                    Leave();
                }
            }
        }

        private void Leave()
        {
            window.Release();
            lock (gate)
            {
                inFlight--;
                if (inFlight == 0 && feedingDone)
                {
                    queue.Writer.TryComplete();
                }
            }
        }
    }
}
