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
    /// photo cost one upload), in the order jobs need them, <see cref="BatchOptions.UploadConcurrency"/> at a time.
    /// The generation stage waits on <see cref="UrlFor"/> per job, so a job starts as soon as its image is up.
    /// Each photo is prepared first (<see cref="PhotoPreparer"/>): one over <see cref="BatchOptions.UploadLimits"/> or
    /// stored sideways is sent as a smaller upright copy, and one that cannot be decoded fails its jobs before any of
    /// them is submitted.
    /// </summary>
    internal sealed class UploadStage
    {
        private readonly BatchContext context;
        private readonly TaskCompletionSource<SentImage>?[] urls;

        /// <summary>Per image, whether this stage uploads it (false for twins, known URLs and images no job needs).</summary>
        private readonly bool[] toUpload;

        public UploadStage(BatchContext context)
        {
            this.context = context;
            var plan = context.Plan;
            urls = new TaskCompletionSource<SentImage>?[plan.Images.Count];
            toUpload = new bool[plan.Images.Count];
            var firstWithContent = new System.Collections.Generic.Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var job in plan.Jobs)
            {
                if (job.ImageIndex < 0 || urls[job.ImageIndex] is not null || !NeedsImage(job))
                {
                    continue;
                }

                var image = plan.Images[job.ImageIndex];
                if (firstWithContent.TryGetValue(image.Sha256, out var twin))
                {
                    // Same bytes under another name: one upload serves both.
                    urls[job.ImageIndex] = urls[twin];
                    continue;
                }

                firstWithContent[image.Sha256] = job.ImageIndex;
                var source = new TaskCompletionSource<SentImage>(TaskCreationOptions.RunContinuationsAsynchronously);
                if (plan.KnownUploadUrls[job.ImageIndex] is { } known)
                {
                    // Sent by an earlier run: its manifest rows already say what was sent.
                    source.SetResult(new SentImage(known, null));
                }
                else
                {
                    toUpload[job.ImageIndex] = true;
                }

                urls[job.ImageIndex] = source;
            }
        }

        /// <summary>The public URL of an image and what was sent, once uploaded; faults with the upload's error.</summary>
        public Task<SentImage> UrlFor(int imageIndex)
            => urls[imageIndex]?.Task ?? throw new InvalidOperationException($"Image {imageIndex} was not planned for upload.");

        public Task RunAsync(CancellationToken cancellationToken) => context.GuardAsync(() => ProduceAsync(cancellationToken));

        private async Task ProduceAsync(CancellationToken cancellationToken)
        {
            var queue = Channel.CreateBounded<int>(new BoundedChannelOptions(Math.Max(1, context.Options.UploadConcurrency) * 2)
            {
                SingleWriter = true,
            });

            var workers = new Task[Math.Max(1, context.Options.UploadConcurrency)];
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
                    await UploadAsync(imageIndex, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        private async Task UploadAsync(int imageIndex, CancellationToken cancellationToken)
        {
            var image = context.Plan.Images[imageIndex];
            var result = urls[imageIndex]!;
            context.Progress.UploadStarted();
            try
            {
                // Decoding a 24-megapixel photo is a moment of CPU: off the feeding thread, once, whichever key sends it.
                using var prepared = await Task.Run(() => PhotoPreparer.Prepare(image.FullPath, context.Options.UploadLimits), cancellationToken)
                    .ConfigureAwait(false);
                var uploaded = await context.Keys.OnAnyKeyAsync(key =>
                    key.Client.UploadAsync(prepared.UploadPath, context.Options.UploadMethod, cancellationToken)).ConfigureAwait(false);
                if (uploaded is null)
                {
                    result.TrySetCanceled();
                    return;
                }

                context.Observer.Verbose(prepared.IsCopy
                    ? $"Uploaded {Path.GetFileName(image.FullPath)} as a prepared copy ({prepared.Reason}) in {uploaded.Elapsed.TotalSeconds:0.0} s."
                    : $"Uploaded {Path.GetFileName(image.FullPath)} ({image.Bytes:N0} bytes) in {uploaded.Elapsed.TotalSeconds:0.0} s.");
                result.TrySetResult(new SentImage(
                    uploaded.Url, new ManifestUpload(prepared.Width, prepared.Height, prepared.Bytes, prepared.Format, prepared.IsCopy)));
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

    /// <summary>An image's public URL, and what was sent to get it (null when an earlier run sent it).</summary>
    internal sealed record SentImage(string Url, ManifestUpload? Upload);
}
