using System;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace Banana.Engine.Execution
{
    /// <summary>
    /// Wires the three stages together with bounded channels: uploads run ahead of generations, generations hand
    /// finished tasks to downloads. No stage polls or sleeps: each waits on a channel or a task, so the batch's wall
    /// time is set by the service, not by the engine. A fault in any stage stops all of them.
    /// </summary>
    internal sealed class BatchPipeline
    {
        private readonly BatchContext context;

        public BatchPipeline(BatchContext context) => this.context = context;

        /// <summary>Runs every planned job; returns when all are done or the token (user or exhausted keys) is cancelled.</summary>
        public async Task RunAsync(CancellationToken cancellationToken)
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var token = stop.Token;
            var finished = Channel.CreateBounded<JobWork>(new BoundedChannelOptions(Math.Max(1, context.Options.DownloadConcurrency) * 2));
            var uploads = new UploadStage(context);
            var generations = new GenerationStage(context, uploads, finished.Writer);
            var downloads = new DownloadStage(context);

            Exception? fault = null;
            async Task Guard(Func<Task> stage)
            {
                try
                {
                    await stage().ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (token.IsCancellationRequested)
                {
                }
                catch (Exception e)
                {
                    Interlocked.CompareExchange(ref fault, e, null);
                    stop.Cancel();
                }
            }

            var uploading = Guard(() => uploads.RunAsync(token));
            var generating = Guard(async () =>
            {
                try
                {
                    await generations.RunAsync(token).ConfigureAwait(false);
                }
                finally
                {
                    finished.Writer.TryComplete();
                }
            });
            var downloading = Guard(() => downloads.RunAsync(finished.Reader, token));

            await Task.WhenAll(uploading, generating, downloading).ConfigureAwait(false);
            if (fault is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(fault).Throw();
            }
        }
    }
}
