using System;
using System.Collections.Generic;

namespace Banana.Engine.Reporting
{
    /// <summary>One job as the report shows it: its source, prompt, outcome and results.</summary>
    public sealed class ReportRow
    {
        public string JobId { get; set; } = string.Empty;

        /// <summary>Full path of the (first) source image; null for a text-to-image job.</summary>
        public string? SourcePath { get; set; }

        /// <summary>
        /// Every reference image of the job, in the order sent (a job file row may have several); when empty,
        /// <see cref="SourcePath"/> is the only one.
        /// </summary>
        public IReadOnlyList<string> SourcePaths { get; set; } = Array.Empty<string>();

        /// <summary>The job file row of the job; shown instead of the prompt number when set.</summary>
        public int? Row { get; set; }

        public string Prompt { get; set; } = string.Empty;

        /// <summary>1-based number of the prompt among the batch's prompts.</summary>
        public int PromptNumber { get; set; }

        /// <summary>
        /// Status as shown to the person. "Succeeded", "Failed", "Skipped" and "Cancelled" (any case) get their own
        /// colour and filter; any other text is shown as is, in a neutral colour.
        /// </summary>
        public string Status { get; set; } = string.Empty;

        public string? ErrorId { get; set; }
        public string? ErrorMessage { get; set; }
        public string? TaskId { get; set; }
        public int Attempts { get; set; }

        /// <summary>Result files on disk (full paths, or paths relative to the report's folder).</summary>
        public IReadOnlyList<string> OutputFiles { get; set; } = Array.Empty<string>();

        /// <summary>The API's result URLs (they expire after about two hours): shown as links, never embedded.</summary>
        public IReadOnlyList<string> ResultUrls { get; set; } = Array.Empty<string>();

        /// <summary>The model's text reply beside its image; shown under the prompt.</summary>
        public string? Content { get; set; }

        /// <summary>Times this job's recorded task had expired and it was submitted, and charged, again.</summary>
        public int ExpiredResubmissions { get; set; }

        /// <summary>A submission of this job lost its answer after sending: it may have been charged without a result.</summary>
        public bool MayHaveBeenCharged { get; set; }

        /// <summary>The references to show: <see cref="SourcePaths"/>, or <see cref="SourcePath"/> alone.</summary>
        internal IReadOnlyList<string> References
            => SourcePaths.Count > 0 ? SourcePaths : string.IsNullOrEmpty(SourcePath) ? Array.Empty<string>() : new[] { SourcePath! };
    }
}
