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

        public TimeSpan Elapsed { get; set; }
        public string OutputPath { get; set; } = string.Empty;
        public string ManifestPath { get; set; } = string.Empty;
        public string ReportPath { get; set; } = string.Empty;
    }
}
