using System;
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

        /// <summary>Runs every planned job; returns when all are done or <see cref="BatchContext.Stopping"/> fires.</summary>
        public async Task RunAsync()
        {
            var token = context.Stopping;
            // Unbounded: a generation worker hands its finished task over and takes the next job at once, never
            // waiting for a download to start (the generation window already bounds how many jobs are in flight).
            var finished = Channel.CreateUnbounded<JobWork>(new UnboundedChannelOptions { SingleReader = false, SingleWriter = false });
            var uploads = new UploadStage(context);
            var generations = new GenerationStage(context, uploads, finished.Writer);
            var downloads = new DownloadStage(context);

            var uploading = uploads.RunAsync(token);
            var generating = generations.RunAsync(token).ContinueWith(
                _ => finished.Writer.TryComplete(),
                System.Threading.CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
            var downloading = downloads.RunAsync(finished.Reader, token);

            await Task.WhenAll(uploading, generating, downloading).ConfigureAwait(false);
            if (context.Fault is { } fault)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(fault).Throw();
            }
        }
    }
}
