using System;
using System.Collections.Generic;
using System.Diagnostics;
using Banana.Client;
using Banana.Engine.Planning;

namespace Banana.Engine.Execution
{
    /// <summary>A job on its way through the stages. Exists only while the job is in flight.</summary>
    internal sealed class JobWork
    {
        private readonly TimeProvider clock;
        private readonly long queued;

        /// <param name="clock">The batch's clock (<see cref="KeyPool.Clock"/>), for deadlines measured from now.</param>
        public JobWork(PlannedJob job, TimeProvider clock)
        {
            Job = job;
            this.clock = clock;
            queued = clock.GetTimestamp();
        }

        public PlannedJob Job { get; }

        /// <summary>Wall time since the job was queued: what the person is shown.</summary>
        public Stopwatch Stopwatch { get; } = Stopwatch.StartNew();

        /// <summary>Time since the job was queued on the batch's clock: what its deadlines are measured by.</summary>
        public TimeSpan Waited => clock.GetElapsedTime(queued);

        /// <summary>The reference image URLs, in the job's order (may be data URIs, which the manifest does not keep).</summary>
        public IReadOnlyList<string> ImageUrls { get; set; } = Array.Empty<string>();

        /// <summary>Submissions made in this run; bounded by <see cref="BatchOptions.MaxTaskAttempts"/>.</summary>
        public int RunAttempts { get; set; }

        /// <summary>The key whose task produced <see cref="Result"/>.</summary>
        public KeySlot? Key { get; set; }

        public TaskSnapshot? Result { get; set; }

        /// <summary>Its image was uploaded again after a task failed on the recorded upload (done at most once).</summary>
        public bool ReferenceRefreshed { get; set; }

        /// <summary>A submission of this run lost its answer after sending: counted once in the run's summary.</summary>
        public bool MayHaveBeenCharged { get; set; }
    }
}
