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

        /// <summary>
        /// Feeds the plan in order, except that a job whose saved results are still being checked is set aside and fed
        /// once its check ends: a resumed batch's new jobs start at once instead of waiting behind thousands of checks.
        /// </summary>
        private async Task FeedAsync(CancellationToken cancellationToken)
        {
            var savedResults = context.SavedResults;
            savedResults.Start(cancellationToken);
            var feed = context.Feed;
            var planFed = false;

            // Kept while checked jobs come in meanwhile: one wait for the plan at a time.
            Task<bool>? planMore = null;
            while (!planFed || savedResults.SetAside > 0)
            {
                if (savedResults.TryTakeChecked(out var checkedJob))
                {
                    await FeedOneAsync(checkedJob, cancellationToken).ConfigureAwait(false);
                }
                else if (!planFed && feed.TryRead(out var job))
                {
                    if (!savedResults.SetAsideUntilChecked(job))
                    {
                        await FeedOneAsync(job, cancellationToken).ConfigureAwait(false);
                    }
                }
                else if (planFed)
                {
                    await savedResults.WaitForCheckedAsync(cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    planMore ??= feed.WaitToReadAsync(cancellationToken).AsTask();
                    if (savedResults.SetAside == 0
                        || await Task.WhenAny(planMore, savedResults.WaitForCheckedAsync(cancellationToken)).ConfigureAwait(false) == planMore)
                    {
                        planFed = !await planMore.ConfigureAwait(false);
                        planMore = null;
                    }
                }
            }
        }

        private async Task FeedOneAsync(PlannedJob planned, CancellationToken cancellationToken)
        {
            var job = await context.SavedResults.ResolveAsync(planned, cancellationToken).ConfigureAwait(false);
            var work = new JobWork(job, context.Keys.Clock);
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
                // The budget is spent: no need to wait for this job's uploads. A recorded task still gets collected (free).
                context.HoldBackForBudget(work);
                return;
            }

            if (!await AttachImagesAsync(work, cancellationToken).ConfigureAwait(false))
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

        /// <summary>
        /// Waits for the URLs of the job's reference images, in the job's order; false when an upload failed (the job is
        /// then reported failed). Each URL is recorded as soon as it is known, so a rerun uploads nothing twice.
        /// </summary>
        private async Task<bool> AttachImagesAsync(JobWork work, CancellationToken cancellationToken)
        {
            var indexes = work.Job.ImageIndexes;
            if (indexes.Count == 0)
            {
                work.ImageUrls = work.Job.ImageUrls ?? Array.Empty<string>();
                return true;
            }

            var recorded = context.Manifest[work.Job.ManifestIndex].AllReferences();
            var urls = new string[indexes.Count];
            for (var k = 0; k < indexes.Count; k++)
            {
                var image = context.Plan.Images[indexes[k]];
                try
                {
                    urls[k] = (k < recorded.Count ? recorded[k].UploadUrl : null)
                        ?? await uploads.UrlOrUploadAsync(indexes[k], cancellationToken).WithCancellation(cancellationToken).ConfigureAwait(false);
                }
                catch (Imaging.UnusablePhotoException e)
                {
                    // Refused before anything was submitted: this job costs nothing.
                    context.Fail(work, e.ErrorId, e.Message, e);
                    return false;
                }
                catch (GrsaiException e)
                {
                    context.Fail(work, e.ErrorId, $"Uploading '{image.FullPath}' failed: {e.Message}", e);
                    return false;
                }
                catch (Exception e) when (e is System.IO.IOException || e is UnauthorizedAccessException)
                {
                    context.Fail(work, "UnreadableFile", $"'{image.FullPath}' cannot be read: {e.Message}", e);
                    return false;
                }
            }

            work.ImageUrls = urls;
            context.Manifest.Update(work.Job.ManifestIndex, r =>
            {
                // What was sent for each reference (the photo or its prepared copy), when this run uploaded it.
                var references = r.AllReferences()
                    .Select((reference, k) => k < urls.Length && Persistable(urls[k]) is { } url
                        ? reference with { UploadUrl = url, Upload = uploads.SentFor(url) ?? reference.Upload }
                        : reference)
                    .ToList();
                return r with
                {
                    References = references,
                    UploadUrl = Persistable(urls[0]) ?? r.UploadUrl,
                    Upload = uploads.SentFor(urls[0]) ?? r.Upload,
                    Status = r.TaskId is null ? ManifestJobStatus.Uploaded : r.Status,
                };
            });
            return true;
        }

        /// <summary>Data URIs are not kept: they are the image itself, megabytes of it, and the file is still at hand.</summary>
        private static string? Persistable(string url) => url.StartsWith("data:", StringComparison.OrdinalIgnoreCase) ? null : url;

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
                    (done, requeue) = await new GenerationAttempt(context, work, key, uploads).RunAsync(cancellationToken).ConfigureAwait(false);
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
                        // Never blocks (the channel is unbounded): this worker and its slot go straight to the next job.
                        if (!downloads.TryWrite(done))
                        {
                            await downloads.WriteAsync(done, cancellationToken).ConfigureAwait(false); // closed: throws as before
                        }
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
