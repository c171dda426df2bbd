using System;
using System.Globalization;
using System.Management.Automation;
using System.Threading;
using Banana.Engine;
using Banana.PowerShell.Pipeline;

namespace Banana.PowerShell.Commands
{
    /// <summary>
    /// The batch engine's events, called on worker threads, queued for the pipeline thread. Progress is coalesced:
    /// however often the engine reports, at most one redraw waits in the queue, and it shows the latest counts.
    /// </summary>
    internal sealed class QueuedBatchObserver : IBatchObserver
    {
        private readonly BananaCommandBase command;
        private readonly ProgressBar? progress;
        private BatchProgress? latest;
        private int redrawQueued;

        public QueuedBatchObserver(BananaCommandBase command, ProgressBar? progress)
        {
            this.command = command;
            this.progress = progress;
        }

        public void JobFinished(JobResult result) => command.Dispatcher.Post(() =>
        {
            command.WriteObject(result);
            if (result.Status == JobStatus.Failed)
            {
                command.WriteError(ErrorRecords.ForFailedJob(result));
            }
        });

        public void InputRejected(InputProblem problem) => command.Dispatcher.Post(() => command.WriteError(ErrorRecords.From(problem)));

        public void Warning(string message) => command.Dispatcher.Post(() => command.WriteWarning(message));

        public void Verbose(string message) => command.Dispatcher.Post(() => command.WriteVerbose(message));

        public void ProgressChanged(BatchProgress progress)
        {
            Volatile.Write(ref latest, progress);
            if (Interlocked.Exchange(ref redrawQueued, 1) == 0)
            {
                command.Dispatcher.Post(Redraw);
            }
        }

        private void Redraw()
        {
            Interlocked.Exchange(ref redrawQueued, 0);
            if (progress is not null && Volatile.Read(ref latest) is { } counts)
            {
                progress.Update(Describe(counts), counts.Total == 0 ? 0 : counts.Completed * 100 / counts.Total, counts.EstimatedRemaining);
            }
        }

        /// <summary>"37/100 done - uploading 2, generating 5, downloading 1 - 3 failed - ETA 00:01:10".</summary>
        internal static string Describe(BatchProgress counts)
        {
            var text = string.Format(
                CultureInfo.InvariantCulture,
                "{0}/{1} done - uploading {2}, generating {3}, downloading {4}",
                counts.Completed,
                counts.Total,
                counts.Uploading,
                counts.Generating,
                counts.Downloading);
            if (counts.Failed > 0)
            {
                text += string.Format(CultureInfo.InvariantCulture, " - {0} failed", counts.Failed);
            }

            if (counts.EstimatedRemaining is { } remaining)
            {
                text += " - ETA " + TimeSpan.FromSeconds(Math.Ceiling(remaining.TotalSeconds)).ToString("c", CultureInfo.InvariantCulture);
            }

            return text;
        }
    }
}
