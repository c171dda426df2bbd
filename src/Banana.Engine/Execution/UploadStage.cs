using System;
using System.IO;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Banana.Client;
using Banana.Engine.Imaging;
using Banana.Engine.Manifest;
using Banana.Engine.Planning;

namespace Banana.Engine.Execution
{
    /// <summary>
    /// Uploads each distinct image of the batch once (images are identified by content, so a hundred prompts on one
    /// photo cost one upload), in the order jobs need them, <see cref="BatchContext.UploadConcurrency"/> at a time.
    /// The generation stage waits on <see cref="UrlFor"/> per job, so a job starts as soon as its image is up.
    /// </summary>
    internal sealed class UploadStage
    {
        private readonly BatchContext context;
        private readonly TaskCompletionSource<string>?[] urls;
        private readonly object refreshGate = new object();
        private readonly System.Collections.Generic.HashSet<string> uploadedThisRun = new System.Collections.Generic.HashSet<string>(StringComparer.Ordinal);

        /// <summary>What was sent for each URL this run uploaded (the photo, or its prepared copy): recorded in the manifest.</summary>
        private readonly System.Collections.Generic.Dictionary<string, ManifestUpload> sent = new System.Collections.Generic.Dictionary<string, ManifestUpload>(StringComparer.Ordinal);

        /// <summary>Per image, whether this stage uploads it (false for twins, known URLs and images no job needs).</summary>
        private readonly bool[] toUpload;

        public UploadStage(BatchContext context)
        {
            this.context = context;
            var plan = context.Plan;
            urls = new TaskCompletionSource<string>?[plan.Images.Count];
            toUpload = new bool[plan.Images.Count];
            var firstWithContent = new System.Collections.Generic.Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var job in plan.Jobs)
            {
                if (!NeedsImage(job))
                {
                    continue;
                }

                foreach (var imageIndex in job.ImageIndexes)
                {
                    if (urls[imageIndex] is not null)
                    {
                        continue;
                    }

                    var image = plan.Images[imageIndex];
                    if (firstWithContent.TryGetValue(image.Sha256, out var twin))
                    {
                        // Same bytes under another name: one upload serves both.
                        urls[imageIndex] = urls[twin];
                        continue;
                    }

                    firstWithContent[image.Sha256] = imageIndex;
                    var source = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
                    if (plan.KnownUploadUrls[imageIndex] is { } known)
                    {
                        source.SetResult(known);
                    }
                    else
                    {
                        toUpload[imageIndex] = true;
                    }

                    urls[imageIndex] = source;
                }
            }
        }

        /// <summary>
        /// The public URL of an image, once uploaded; faults with the upload's error. An image no planned job needed (a
        /// job whose saved result turned out damaged, see <see cref="SavedResultsCheck"/>) is uploaded now.
        /// </summary>
        public Task<string> UrlOrUploadAsync(int imageIndex, CancellationToken cancellationToken)
        {
            lock (refreshGate)
            {
                if (urls[imageIndex] is { } planned)
                {
                    return planned.Task;
                }
            }

            return RefreshAsync(imageIndex, staleUrl: string.Empty, cancellationToken);
        }

        /// <summary>
        /// A new upload of an image whose recorded URL (<paramref name="staleUrl"/>) the service could not read: earlier
        /// runs' uploads are reused, and a CDN that dropped one made the job fail on every rerun. Jobs that share the image
        /// (or its bytes) share the one new upload; a URL that is already newer than <paramref name="staleUrl"/> is simply
        /// handed out. Outside the upload queue: it is rare, and a generation worker waits for it.
        /// </summary>
        public Task<string> RefreshAsync(int imageIndex, string staleUrl, CancellationToken cancellationToken)
        {
            TaskCompletionSource<string> fresh;
            lock (refreshGate)
            {
                var current = urls[imageIndex];
                if (current is not null
                    && !(current.Task.Status == TaskStatus.RanToCompletion && string.Equals(current.Task.Result, staleUrl, StringComparison.Ordinal)))
                {
                    return current.Task;
                }

                fresh = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
                for (var i = 0; i < urls.Length; i++)
                {
                    if (i == imageIndex || (current is not null && ReferenceEquals(urls[i], current)))
                    {
                        urls[i] = fresh;
                    }
                }
            }

            _ = Task.Run(() => UploadOrFaultAsync(imageIndex, fresh, cancellationToken), CancellationToken.None);
            return fresh.Task;
        }

        /// <summary>What was sent to get <paramref name="url"/>, when this run uploaded it; null otherwise.</summary>
        public ManifestUpload? SentFor(string url)
        {
            lock (refreshGate)
            {
                return sent.TryGetValue(url, out var facts) ? facts : null;
            }
        }

        /// <summary>True for a URL this run uploaded; false for one recorded by an earlier run (which may be gone).</summary>
        public bool UploadedThisRun(string url)
        {
            lock (refreshGate)
            {
                return uploadedThisRun.Contains(url);
            }
        }

        public Task RunAsync(CancellationToken cancellationToken) => context.GuardAsync(() => ProduceAsync(cancellationToken));

        private async Task ProduceAsync(CancellationToken cancellationToken)
        {
            var queue = Channel.CreateBounded<int>(new BoundedChannelOptions(context.UploadConcurrency * 2)
            {
                SingleWriter = true,
            });

            var workers = new Task[context.UploadConcurrency];
            for (var i = 0; i < workers.Length; i++)
            {
                workers[i] = context.GuardAsync(() => WorkAsync(queue.Reader, cancellationToken));
            }

            try
            {
                for (var i = 0; i < urls.Length; i++)
                {
                    if (toUpload[i])
                    {
                        await queue.Writer.WriteAsync(i, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
            finally
            {
                queue.Writer.TryComplete();
                await Task.WhenAll(workers).ConfigureAwait(false);
            }
        }

        private static bool NeedsImage(PlannedJob job) => job.Action == PlannedAction.Run || job.Action == PlannedAction.Resume;

        private async Task WorkAsync(ChannelReader<int> queue, CancellationToken cancellationToken)
        {
            while (await queue.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (queue.TryRead(out var imageIndex))
                {
                    await UploadAsync(imageIndex, UrlSource(imageIndex), cancellationToken).ConfigureAwait(false);
                }
            }
        }

        private TaskCompletionSource<string> UrlSource(int imageIndex)
        {
            lock (refreshGate)
            {
                return urls[imageIndex]!;
            }
        }

        private async Task UploadOrFaultAsync(int imageIndex, TaskCompletionSource<string> result, CancellationToken cancellationToken)
        {
            try
            {
                await UploadAsync(imageIndex, result, cancellationToken).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // handed to the job waiting for this upload, which reports it
            catch (Exception e)
#pragma warning restore CA1031
            {
                result.TrySetException(e);
            }
        }

        private async Task UploadAsync(int imageIndex, TaskCompletionSource<string> result, CancellationToken cancellationToken)
        {
            var image = context.Plan.Images[imageIndex];
            context.Progress.UploadStarted();
            try
            {
                // Prepared once, whichever key sends it (PhotoPreparer: a smaller upright copy when the photo is over the
                // limits or stored sideways); decoding a 24-megapixel photo is a moment of CPU, off the feeding thread.
                using var prepared = await Task.Run(() => PhotoPreparer.Prepare(image.FullPath, context.Options.UploadLimits), cancellationToken)
                    .ConfigureAwait(false);
                var url = await context.Keys.OnAnyKeyAsync(async key =>
                {
                    var uploaded = await key.Client.UploadAsync(prepared.UploadPath, context.Options.UploadMethod, cancellationToken)
                        .ConfigureAwait(false);
                    context.Observer.Verbose(prepared.IsCopy
                        ? $"Uploaded {Path.GetFileName(image.FullPath)} as a prepared copy ({prepared.Reason}) in {uploaded.Elapsed.TotalSeconds:0.0} s."
                        : $"Uploaded {Path.GetFileName(image.FullPath)} ({image.Bytes:N0} bytes) in {uploaded.Elapsed.TotalSeconds:0.0} s.");
                    return uploaded.Url;
                }).ConfigureAwait(false);
                if (url is null)
                {
                    result.TrySetCanceled();
                }
                else
                {
                    lock (refreshGate)
                    {
                        uploadedThisRun.Add(url);
                        sent[url] = new ManifestUpload(prepared.Width, prepared.Height, prepared.Bytes, prepared.Format, prepared.IsCopy);
                    }

                    result.TrySetResult(url);
                }
            }
            catch (OperationCanceledException)
            {
                result.TrySetCanceled();
                throw;
            }
            catch (Exception e) when (e is GrsaiException || e is IOException || e is UnauthorizedAccessException || e is UnusablePhotoException)
            {
                result.TrySetException(e);
            }
            finally
            {
                context.Progress.UploadEnded();
            }
        }
    }
}
