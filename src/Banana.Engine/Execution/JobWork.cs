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
        public JobWork(PlannedJob job) => Job = job;

        public PlannedJob Job { get; }

        public Stopwatch Stopwatch { get; } = Stopwatch.StartNew();

        /// <summary>The reference image URLs, in the job's order (may be data URIs, which the manifest does not keep).</summary>
        public IReadOnlyList<string> ImageUrls { get; set; } = Array.Empty<string>();

        /// <summary>Submissions made in this run; bounded by <see cref="BatchOptions.MaxTaskAttempts"/>.</summary>
        public int RunAttempts { get; set; }

        /// <summary>The key whose task produced <see cref="Result"/>.</summary>
        public KeySlot? Key { get; set; }

        public TaskSnapshot? Result { get; set; }

        /// <summary>Its image was uploaded again after a task failed on the recorded upload (done at most once).</summary>
        public bool ReferenceRefreshed { get; set; }
    }
}
