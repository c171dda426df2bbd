using System;
using System.Collections.Concurrent;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;

namespace Banana.PowerShell.Pipeline
{
    /// <summary>
    /// Moves work from worker threads to the pipeline thread, as <c>ForEach-Object -Parallel</c> does:
    /// <c>WriteObject</c>, <c>WriteError</c>, <c>WriteProgress</c> and friends are only legal on the thread that
    /// runs <c>ProcessRecord</c>/<c>EndProcessing</c>, so workers <see cref="Post"/> an action and the cmdlet runs
    /// the queue from there. Waiting for work is always done by running the queue, never by blocking on a task.
    /// </summary>
    internal sealed class PipelineDispatcher
    {
        private static readonly Action WakeUp = () => { };

        // Not disposed on purpose: a worker cancelled by Ctrl+C may still post after the cmdlet has gone;
        // those late writes land in a queue nobody reads and are collected with it.
        private readonly BlockingCollection<Action> pending = new BlockingCollection<Action>(new ConcurrentQueue<Action>());
        private readonly CancellationToken stopping;

        public PipelineDispatcher(CancellationToken stopping) => this.stopping = stopping;

        /// <summary>Any thread: queue an action for the pipeline thread.</summary>
        public void Post(Action action) => pending.Add(action);

        /// <summary>Any thread: make a waiting <see cref="RunUntil"/> look at its condition again when the task ends.</summary>
        public void WakeWhenDone(Task task)
            => task.ContinueWith(_ => Post(WakeUp), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

        /// <summary>Pipeline thread: run what is queued, without waiting for more.</summary>
        public void RunPending()
        {
            while (pending.TryTake(out var action))
            {
                action();
            }
        }

        /// <summary>
        /// Pipeline thread: run queued actions as they arrive until <paramref name="done"/> holds. The condition is
        /// checked after every action, so whatever changes it must arrive through the queue (or <see cref="WakeWhenDone"/>).
        /// Ctrl+C ends the wait at once.
        /// </summary>
        public void RunUntil(Func<bool> done)
        {
            RunPending();
            while (!done())
            {
                Action action;
                try
                {
                    action = pending.Take(stopping);
                }
                catch (OperationCanceledException)
                {
                    throw new PipelineStoppedException();
                }

                action();
            }

            RunPending();
        }
    }
}
