using System;
using System.Threading.Tasks;

namespace Banana.PowerShell.Pipeline
{
    /// <summary>
    /// Runs units of work on the thread pool, at most a given number at once, and hands each outcome back on the
    /// pipeline thread. All bookkeeping happens on the pipeline thread, so it needs no locks.
    /// </summary>
    internal sealed class ConcurrentWork
    {
        private readonly PipelineDispatcher dispatcher;
        private int running;

        public ConcurrentWork(PipelineDispatcher dispatcher) => this.dispatcher = dispatcher;

        public int Running => running;

        /// <summary>
        /// Pipeline thread: waits (running the queue) for a free slot, then starts <paramref name="work"/>.
        /// <paramref name="finished"/> later runs on the pipeline thread with the completed task.
        /// </summary>
        public void Start<T>(int throttleLimit, Func<Task<T>> work, Action<Task<T>> finished)
        {
            dispatcher.RunUntil(() => running < throttleLimit);
            running++;
            var task = Task.Run(work);
            task.ContinueWith(
                completed => dispatcher.Post(() =>
                {
                    running--;
                    finished(completed);
                }),
                TaskScheduler.Default);
        }

        /// <summary>Pipeline thread: runs the queue until every started unit has finished and been handed back.</summary>
        public void WaitForAll() => dispatcher.RunUntil(() => running == 0);
    }
}
