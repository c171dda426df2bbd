using System;

namespace Banana.Engine
{
    /// <summary>What a finished (or stopped) batch did, and where to look.</summary>
    public sealed class BatchSummary
    {
        public int Total { get; set; }
        public int Succeeded { get; set; }
        public int Failed { get; set; }
        public int Skipped { get; set; }
        public int Cancelled { get; set; }

        /// <summary>Requests sent again after a transient fault (rate limit, server error, dropped connection, timeout, broken download).</summary>
        public int Retries { get; set; }

        /// <summary>Tasks submitted again because the service failed them with <c>failure_reason: "error"</c> (failed tasks cost nothing).</summary>
        public int Resubmissions { get; set; }

        /// <summary>
        /// "Expired, charged again": tasks recorded earlier that the service no longer had (it keeps tasks about two
        /// hours), so their jobs were submitted, and paid for, again.
        /// </summary>
        public int ExpiredChargedAgain { get; set; }

        /// <summary>
        /// "May have been charged": jobs whose submission was sent but whose answer was lost, so the service may have
        /// created and charged a task nobody can collect. Such a job is reported failed; a rerun generates it.
        /// </summary>
        public int MayHaveBeenCharged { get; set; }

        public TimeSpan Elapsed { get; set; }
        public string OutputPath { get; set; } = string.Empty;
        public string ManifestPath { get; set; } = string.Empty;
        public string ReportPath { get; set; } = string.Empty;
    }
}
