using System;

namespace Banana.Engine.Reporting
{
    /// <summary>The batch as a whole: what ran, where, and how it went. Shown at the top of the report.</summary>
    public sealed class ReportSummary
    {
        public string Title { get; set; } = "Banana batch report";
        public DateTimeOffset GeneratedAt { get; set; } = DateTimeOffset.Now;
        public string? InputPath { get; set; }
        public string? OutputPath { get; set; }
        public string? Model { get; set; }
        public string? AspectRatio { get; set; }
        public string? ImageSize { get; set; }
        public int Total { get; set; }
        public int Succeeded { get; set; }
        public int Failed { get; set; }
        public int Skipped { get; set; }
        public int Cancelled { get; set; }
        public TimeSpan Elapsed { get; set; }

        /// <summary>Credits the run's submissions cost by the model catalog's prices; null when unknown.</summary>
        public long? CreditsEstimated { get; set; }

        /// <summary>The run's budget (-MaxCredits); null when it had none.</summary>
        public double? MaxCredits { get; set; }

        /// <summary>Jobs the budget held back (shown among the cancelled: never submitted, resumable).</summary>
        public int NotStarted { get; set; }

        /// <summary>The account's credits before and after the run, where the service answered.</summary>
        public long? BalanceBefore { get; set; }

        /// <inheritdoc cref="BalanceBefore"/>
        public long? BalanceAfter { get; set; }

        /// <summary>The generation API the batch submitted with ("Draw" or "Generate").</summary>
        public string? Api { get; set; }

        /// <summary>Recorded tasks found expired and submitted again: "expired, charged again".</summary>
        public int ExpiredChargedAgain { get; set; }

        /// <summary>Submissions whose answer was lost after sending: "may have been charged".</summary>
        public int MayHaveBeenCharged { get; set; }
    }
}
