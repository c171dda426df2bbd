using System;
using System.Threading;

namespace Banana.Engine.Execution
{
    /// <summary>
    /// The token for one submission. A stop (Ctrl+C, no key left) that comes after the draw request went out but
    /// before its task id arrived would lose a task the service already charged for: the rerun would pay again. So
    /// until the id is recorded, a stop waits up to <see cref="AcceptGrace"/> for it (the id comes in the first frame,
    /// at once); after that, a stop cancels at once.
    /// </summary>
    internal sealed class SubmissionGuard : IDisposable
    {
        public static readonly TimeSpan AcceptGrace = TimeSpan.FromSeconds(1);

        private readonly object gate = new object();
        private readonly CancellationTokenSource submission = new CancellationTokenSource();
        private readonly CancellationTokenRegistration registration;
        private readonly CancellationToken stopping;
        private bool accepted;

        public SubmissionGuard(CancellationToken stopping)
        {
            // Nothing is sent yet: a stop that already happened cancels without grace.
            stopping.ThrowIfCancellationRequested();
            this.stopping = stopping;
            registration = stopping.Register(OnStop);
        }

        public CancellationToken Token => submission.Token;

        /// <summary>The task id is on disk: from now on a stop cancels at once.</summary>
        public void Accepted()
        {
            lock (gate)
            {
                accepted = true;
                if (stopping.IsCancellationRequested)
                {
                    submission.Cancel();
                }
            }
        }

        public void Dispose()
        {
            registration.Dispose();
            submission.Dispose();
        }

        private void OnStop()
        {
            lock (gate)
            {
                if (accepted)
                {
                    submission.Cancel();
                }
                else
                {
                    submission.CancelAfter(AcceptGrace);
                }
            }
        }
    }
}
