using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Banana.Engine.Planning;

namespace Banana.Engine.Execution
{
    /// <summary>
    /// Checks, while the run goes on, that the results earlier runs saved are still whole (issue 13): a resumed
    /// 50,000-job batch used to read every saved result before its first request, seconds on a warm disk and most of a
    /// minute on one the system had not cached. Jobs to verify are checked in plan order on several threads, ahead of
    /// the generation stage that waits on each in turn; a job whose results are whole is skipped, one whose results
    /// are gone or damaged is made again, exactly as when the check came first.
    /// </summary>
    internal sealed class SavedResultsCheck
    {
        private readonly BatchContext context;
        private readonly Dictionary<int, TaskCompletionSource<bool>> wholeByRow = new Dictionary<int, TaskCompletionSource<bool>>();

        // The rows to check, in plan order: the order the generation stage waits on them.
        private readonly List<int> inPlanOrder = new List<int>();
        private readonly ConcurrentDictionary<int, bool> remade = new ConcurrentDictionary<int, bool>();
        private readonly Queue<PlannedJob> setAside = new Queue<PlannedJob>();
        private int started;

        public SavedResultsCheck(BatchContext context)
        {
            this.context = context;
            foreach (var job in context.Plan.Jobs)
            {
                if (job.Action == PlannedAction.Verify && !wholeByRow.ContainsKey(job.ManifestIndex))
                {
                    wholeByRow[job.ManifestIndex] = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                    inPlanOrder.Add(job.ManifestIndex);
                }
            }
        }

        /// <summary>Starts checking (once), in plan order; stops when the run stops.</summary>
        public void Start(CancellationToken cancellationToken)
        {
            if (wholeByRow.Count == 0 || Interlocked.Exchange(ref started, 1) == 1)
            {
                return;
            }

            // Handed out one at a time, in order, so the first jobs are known first; the reads wait on the disk, not
            // the processor, hence more threads than processors.
            var inOrder = Partitioner.Create(inPlanOrder, EnumerablePartitionerOptions.NoBuffering);
            var parallel = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Math.Max(4, Environment.ProcessorCount * 2) };
            _ = Task.Run(
                () =>
                {
                    try
                    {
                        Parallel.ForEach(inOrder, parallel, Check);
                    }
                    catch (OperationCanceledException)
                    {
                        // The run stopped: the jobs still waiting are cancelled with it.
                    }
                },
                CancellationToken.None);
        }

        /// <summary>Jobs set aside (<see cref="SetAsideUntilChecked"/>) and not yet taken back.</summary>
        public int SetAside => setAside.Count;

        /// <summary>
        /// True when the job is set aside until its check ends, to be taken back in plan order
        /// (<see cref="TryTakeChecked"/>): its check has not ended, or a job set aside before it is still waiting. A job
        /// with nothing to check, or whose check has ended with none waiting before it, is not set aside. Only the
        /// stage that feeds the jobs calls this, and the two below.
        /// </summary>
        public bool SetAsideUntilChecked(PlannedJob job)
        {
            if (job.Action != PlannedAction.Verify || (setAside.Count == 0 && wholeByRow[job.ManifestIndex].Task.IsCompleted))
            {
                return false;
            }

            setAside.Enqueue(job);
            return true;
        }

        /// <summary>
        /// The first job set aside, once its check has ended (whole or not, or failed: resolving it throws that). Jobs
        /// come back in plan order, so a rerun's results and report keep the order of its jobs.
        /// </summary>
        public bool TryTakeChecked(out PlannedJob job)
        {
            if (setAside.Count > 0 && wholeByRow[setAside.Peek().ManifestIndex].Task.IsCompleted)
            {
                job = setAside.Dequeue();
                return true;
            }

            job = null!;
            return false;
        }

        /// <summary>Completes when the first job set aside can be taken back (<see cref="TryTakeChecked"/>).</summary>
        public Task WaitForCheckedAsync(CancellationToken cancellationToken)
            => setAside.Count == 0
                ? Task.Delay(Timeout.Infinite, cancellationToken)
                : wholeByRow[setAside.Peek().ManifestIndex].Task.ContinueWith(
                    _ => { }, cancellationToken, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

        /// <summary>
        /// The job as it is to run: skipped when its saved results are whole, otherwise made again (its row reset as
        /// planning resets a removed result's row). Throws what reading a result threw, which stops the run.
        /// </summary>
        public async Task<PlannedJob> ResolveAsync(PlannedJob job, CancellationToken cancellationToken)
        {
            if (job.Action != PlannedAction.Verify)
            {
                return job;
            }

            if (await wholeByRow[job.ManifestIndex].Task.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                return job with { Action = PlannedAction.Skip };
            }

            var action = PlannedAction.Run;
            context.Manifest.Update(job.ManifestIndex, row =>
            {
                var (reset, decided) = BatchPlanner.Classify(row, outputsIntact: false, context.OutputDirectory!, context.Options.Force);
                action = decided;
                return reset;
            });
            remade[job.ManifestIndex] = true;
            return job with { Action = action };
        }

        /// <summary>Whether this run found the job's saved results gone or damaged and made it again.</summary>
        public bool WasRemade(int manifestIndex) => remade.ContainsKey(manifestIndex);

        private void Check(int row)
        {
            var whole = wholeByRow[row];
            try
            {
                whole.TrySetResult(BatchPlanner.SavedResultsWhole(context.Manifest[row], context.OutputDirectory!));
            }
#pragma warning disable CA1031 // handed to the job that waits on it, whose stage stops the run with it
            catch (Exception e)
#pragma warning restore CA1031
            {
                whole.TrySetException(e);
            }
        }
    }
}
