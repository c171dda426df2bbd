using System;
using System.Collections.Generic;
using Banana.Client;

namespace Banana.Engine
{
    /// <summary>One job's outcome: emitted once per job, as it finishes.</summary>
    public sealed class JobResult
    {
        public string JobId { get; set; } = string.Empty;
        /// <summary>The (first) reference image; null for text-to-image.</summary>
        public string? SourcePath { get; set; }

        /// <summary>Every reference image, in the order sent (a job file row may have several).</summary>
        public IReadOnlyList<string> SourcePaths { get; set; } = Array.Empty<string>();

        /// <summary>The job file row of the job; null in the folder layout or for a pipeline job.</summary>
        public int? Row { get; set; }

        public string Prompt { get; set; } = string.Empty;
        /// <summary>1-based line number of the prompt among the batch's prompts (the row number for a job file).</summary>
        public int PromptNumber { get; set; }
        public string Model { get; set; } = string.Empty;
        public string AspectRatio { get; set; } = string.Empty;
        public string? ImageSize { get; set; }
        public IReadOnlyList<string> ImageUrls { get; set; } = Array.Empty<string>();
        public string? TaskId { get; set; }
        public JobStatus Status { get; set; }
        public IReadOnlyList<string> ResultUrls { get; set; } = Array.Empty<string>();

        /// <summary>The model's text reply beside its image (<c>results[].content</c>); null when it said nothing.</summary>
        public string? Content { get; set; }

        /// <summary>The API the job's task was submitted on (<c>Draw</c> or <c>Generate</c>), as a name PowerShell shows.</summary>
        public string? Api { get; set; }

        /// <summary>Times a recorded task of this job had expired and the job was submitted, and charged, again.</summary>
        public int ExpiredResubmissions { get; set; }

        /// <summary>A submission of this job lost its answer after sending: the service may have charged for a task nobody saw.</summary>
        public bool MayHaveBeenCharged { get; set; }
        public IReadOnlyList<string> OutputFiles { get; set; } = Array.Empty<string>();
        public int Attempts { get; set; }
        public TimeSpan Elapsed { get; set; }
        public string? Error { get; set; }
        /// <summary>Stable id of the error (the client's <see cref="GrsaiException.ErrorId"/> or the engine's own).</summary>
        public string? ErrorId { get; set; }
        /// <summary>The exception behind <see cref="Error"/>, for the cmdlet's ErrorRecord. Not persisted.</summary>
        public Exception? Exception { get; set; }
    }
}
