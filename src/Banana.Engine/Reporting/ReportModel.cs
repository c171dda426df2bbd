using System;
using System.Collections.Generic;

namespace Banana.Engine.Reporting
{
    /// <summary>
    /// What <see cref="HtmlReportWriter"/> shows: a batch summary and one row per job. Independent of the manifest so
    /// the report can be rebuilt from any source of job outcomes.
    /// </summary>
    public sealed class ReportModel
    {
        public ReportSummary Summary { get; set; } = new ReportSummary();

        /// <summary>
        /// Rows in display order. Enumerated once, while writing: a lazy sequence keeps a 10,000-job report from
        /// being held in memory.
        /// </summary>
        public IEnumerable<ReportRow> Rows { get; set; } = Array.Empty<ReportRow>();
    }
}
