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

        /// <summary>Jobs the credit budget (-MaxCredits) held back: never submitted, resumable by a rerun.</summary>
        public int NotStarted { get; set; }

        /// <summary>True when the credit budget stopped the run before every job was submitted.</summary>
        public bool StoppedByBudget { get; set; }

        /// <summary>The budget of this run, in credits; null when it had none.</summary>
        public double? MaxCredits { get; set; }

        /// <summary>
        /// Credits this run's submissions cost by the model catalog's prices (an estimate: prices change; a task the
        /// service failed and refunded is not counted). Null when the catalog has no price for the model.
        /// </summary>
        public long? CreditsEstimated { get; set; }

        /// <summary>The account's credits before the run (all keys added), when the service answered; null otherwise.</summary>
        public long? BalanceBefore { get; set; }

        /// <summary>The account's credits after the run, when the service answered; null otherwise.</summary>
        public long? BalanceAfter { get; set; }

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
