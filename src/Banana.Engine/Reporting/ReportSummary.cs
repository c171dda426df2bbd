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

        /// <summary>The generation API the batch submitted with ("Draw" or "Generate").</summary>
        public string? Api { get; set; }

        /// <summary>Recorded tasks found expired and submitted again: "expired, charged again".</summary>
        public int ExpiredChargedAgain { get; set; }

        /// <summary>Submissions whose answer was lost after sending: "may have been charged".</summary>
        public int MayHaveBeenCharged { get; set; }
    }
}
