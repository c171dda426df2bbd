using System;
using System.Threading;

namespace Banana.Engine.Execution
{
    /// <summary>
    /// Counts jobs per stage and outcome, and tells the observer at most every <see cref="Interval"/> (progress bars
    /// redraw slowly; thousands of updates a second would stall the console). The estimate extrapolates the pace of
    /// the jobs this run actually worked on, so skipped jobs do not make it look optimistic.
    /// </summary>
    internal sealed class ProgressTracker
    {
        public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

        private readonly object gate = new object();
        private readonly IBatchObserver observer;
        private readonly TimeProvider clock;
        private readonly long started;
        private TimeSpan lastReport = -Interval;
        private int uploading;
        private int generating;
        private int downloading;
        private int retries;
        private int resubmissions;
        private int expiredResubmissions;
        private int mayHaveBeenCharged;
        private int total;

        /// <param name="clock">The wall clock the pace and the report interval are measured on; the system's when null.</param>
        public ProgressTracker(int total, IBatchObserver observer, TimeProvider? clock = null)
        {
            this.total = total;
            this.observer = observer;
            this.clock = clock ?? TimeProvider.System;
            started = this.clock.GetTimestamp();
        }

        /// <summary>Jobs known so far: fixed for a batch, growing while a pipeline's jobs arrive.</summary>
        public int Total
        {
            get
            {
                lock (gate)
                {
                    return total;
                }
            }
        }
        public int Succeeded { get; private set; }
        public int Failed { get; private set; }
        public int Skipped { get; private set; }
        public TimeSpan Elapsed => clock.GetElapsedTime(started);

        /// <summary>HTTP requests sent again after a transient fault (408, 429, 5xx, a drop, a timeout, a broken download).</summary>
        public int Retries => Volatile.Read(ref retries);

        /// <summary>Tasks submitted again because the service failed them (<c>failure_reason: "error"</c>).</summary>
        public int Resubmissions => Volatile.Read(ref resubmissions);

        /// <summary>Recorded tasks found expired and submitted again ("expired, charged again").</summary>
        public int ExpiredResubmissions => Volatile.Read(ref expiredResubmissions);

        /// <summary>Submissions whose answer was lost after sending: a task may have been charged unseen.</summary>
        public int MayHaveBeenChargedCount => Volatile.Read(ref mayHaveBeenCharged);

        // Not progress a bar shows: counted apart, without the lock, from the clients' retry callbacks.
        public void RetryMade() => Interlocked.Increment(ref retries);
        public void Resubmitted() => Interlocked.Increment(ref resubmissions);
        public void ExpiredResubmitted() => Interlocked.Increment(ref expiredResubmissions);
        public void MayHaveBeenCharged() => Interlocked.Increment(ref mayHaveBeenCharged);

        public void JobAdded() => Change(() => total++);

        /// <summary>The batch's job count once planned: the tracker exists before, for the requests sent meanwhile.</summary>
        public void Planned(int jobs) => Change(() => total = jobs);

        public void UploadStarted() => Change(() => uploading++);
        public void UploadEnded() => Change(() => uploading--);
        public void GenerationStarted() => Change(() => generating++);
        public void GenerationEnded() => Change(() => generating--);
        public void DownloadStarted() => Change(() => downloading++);
        public void DownloadEnded() => Change(() => downloading--);

        public void JobFinished(JobStatus status) => Change(() =>
        {
            switch (status)
            {
                case JobStatus.Succeeded:
                    Succeeded++;
                    break;
                case JobStatus.Failed:
                    Failed++;
                    break;
                case JobStatus.Skipped:
                    Skipped++;
                    break;
            }
        });

        /// <summary>Reports now, whatever the interval: at the end, so the bar shows the final counts.</summary>
        public void ReportNow()
        {
            BatchProgress progress;
            lock (gate)
            {
                progress = Snapshot();
                lastReport = Elapsed;
            }

            observer.ProgressChanged(progress);
        }

        private void Change(Action change)
        {
            BatchProgress? due = null;
            lock (gate)
            {
                change();
                var now = Elapsed;
                if (now - lastReport >= Interval)
                {
                    lastReport = now;
                    due = Snapshot();
                }
            }

            if (due is not null)
            {
                observer.ProgressChanged(due);
            }
        }

        private BatchProgress Snapshot()
        {
            var completed = Succeeded + Failed + Skipped;
            var worked = Succeeded + Failed;
            var elapsed = Elapsed;
            TimeSpan? remaining = worked == 0
                ? null
                : TimeSpan.FromTicks((long)(elapsed.Ticks / (double)worked * (total - completed)));
            return new BatchProgress(total, completed, uploading, generating, downloading, Succeeded, Failed, Skipped, elapsed, remaining);
        }
    }
}
