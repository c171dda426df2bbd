using System;
using System.Collections.Generic;
using Banana.Engine.Imaging;

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

        /// <summary>
        /// Where the small copies of the images are: each image found there is shown by its thumbnail and opens in
        /// full on click. Null (or an image without one) shows the full file. The writer only looks; making them is
        /// <see cref="ThumbnailCache.EnsureAll"/>'s job, before writing.
        /// </summary>
        public ThumbnailCache? Thumbnails { get; set; }
    }
}
