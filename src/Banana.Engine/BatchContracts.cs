using System;
using System.Collections.Generic;
using Banana.Client;

namespace Banana.Engine
{
    /// <summary>Everything a batch needs: inputs, generation parameters, limits, keys.</summary>
    public sealed class BatchOptions
    {
        /// <summary>Input folder holding <c>image/</c> and <c>text/text.txt</c>.</summary>
        public string InputPath { get; set; } = string.Empty;

        public string OutputPath { get; set; } = "batch_outputs";

        /// <summary>Prompts given on the command line; when set, no prompt file is read.</summary>
        public IReadOnlyList<string>? Prompts { get; set; }

        /// <summary>
        /// A job file (<c>.csv</c> or <c>.json</c>, one job per row) read instead of the input folder; its image paths are
        /// relative to its own folder. <see cref="Model"/>, <see cref="AspectRatio"/>, <see cref="ImageSize"/> and
        /// <see cref="Count"/> apply to rows that do not set their own.
        /// </summary>
        public string? JobFile { get; set; }

        /// <summary>How the folder layout pairs photos with prompts.</summary>
        public BatchPairing Pairing { get; set; } = BatchPairing.CrossProduct;

        public string Model { get; set; } = ModelCatalog.DefaultModel;
        public string AspectRatio { get; set; } = ModelCatalog.DefaultAspectRatio;
        public string? ImageSize { get; set; }

        /// <summary>Results wanted per image x prompt.</summary>
        public int Count { get; set; } = 1;

        /// <summary>Concurrent generations per key.</summary>
        public int GenerationConcurrency { get; set; } = 5;
        public int UploadConcurrency { get; set; } = 4;
        public int DownloadConcurrency { get; set; } = 4;

        /// <summary>Replace existing output files that this batch's manifest does not own.</summary>
        public bool Force { get; set; }

        /// <summary>Resubmissions of a task that failed with <c>failure_reason: "error"</c>.</summary>
        public int MaxTaskAttempts { get; set; } = 3;

        /// <summary>
        /// How long a job that the service keeps rate-limiting (HTTP 429 beyond every retry) goes back in the queue, at a
        /// lower concurrency, before it is reported failed. Counted from when the job entered the generation stage.
        /// </summary>
        public TimeSpan ThrottledJobDeadline { get; set; } = TimeSpan.FromMinutes(30);

        /// <summary>Images larger than this are rejected before upload.</summary>
        public long MaxImageBytes { get; set; } = 20L * 1024 * 1024;

        public UploadMethod UploadMethod { get; set; } = UploadMethod.Form;

        /// <summary>Connection and keys; <see cref="ConnectionSettings.Resolve"/> builds it.</summary>
        public ConnectionSettings Connection { get; set; } = ConnectionSettings.Empty;

        /// <summary>Client tuning (retries, timeouts) applied to every key's client.</summary>
        public Action<GrsaiClientOptions>? ConfigureClient { get; set; }
    }

    /// <summary>Final state of one job.</summary>
    public enum JobStatus
    {
        Succeeded,
        Failed,
        /// <summary>Its outputs already existed from an earlier run.</summary>
        Skipped,
        /// <summary>Stopped by Ctrl+C or a batch-wide stop before it finished; a rerun resumes it.</summary>
        Cancelled,
    }

    /// <summary>One job's outcome: emitted once per job, as it finishes.</summary>
    public sealed class JobResult
    {
        public string JobId { get; set; } = string.Empty;
        /// <summary>The (first) reference image; null for text-to-image.</summary>
        public string? SourcePath { get; set; }

        /// <summary>Every reference image, in the order sent (a job file row may have several).</summary>
        public IReadOnlyList<string> SourcePaths { get; set; } = Array.Empty<string>();

        /// <summary>The job file row of the job; null in the folder layout.</summary>
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
        public IReadOnlyList<string> OutputFiles { get; set; } = Array.Empty<string>();
        public int Attempts { get; set; }
        public TimeSpan Elapsed { get; set; }
        public string? Error { get; set; }
        /// <summary>Stable id of the error (the client's <see cref="GrsaiException.ErrorId"/> or the engine's own).</summary>
        public string? ErrorId { get; set; }
        /// <summary>The exception behind <see cref="Error"/>, for the cmdlet's ErrorRecord. Not persisted.</summary>
        public Exception? Exception { get; set; }
    }

    /// <summary>Batch-wide counts, reported (throttled) while the batch runs.</summary>
    public sealed record BatchProgress(
        int Total,
        int Completed,
        int Uploading,
        int Generating,
        int Downloading,
        int Succeeded,
        int Failed,
        int Skipped,
        TimeSpan Elapsed,
        TimeSpan? EstimatedRemaining);

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

    /// <summary>
    /// A problem with one input item (a non-image named .jpg, an unreadable or oversized file): the item is left
    /// out before any credit is spent and the rest of the batch goes on.
    /// <see cref="Category"/> names a PowerShell ErrorCategory value (InvalidData, ReadError, LimitsExceeded, ...)
    /// so the engine stays free of PowerShell while the cmdlet maps it one to one.
    /// </summary>
    public sealed record InputProblem(string ErrorId, string Message, string Target, string Category);

    /// <summary>
    /// Receives a batch's events. Called from worker threads: a PowerShell implementation queues them and writes
    /// them on the pipeline thread.
    /// </summary>
    public interface IBatchObserver
    {
        void JobFinished(JobResult result);
        void InputRejected(InputProblem problem);
        void ProgressChanged(BatchProgress progress);
        void Warning(string message);
        void Verbose(string message);
    }

    /// <summary>
    /// An error that stops a whole command (no key, rejected key, no credits, missing input folder, unwritable
    /// output folder). <see cref="Category"/> names a PowerShell ErrorCategory value, as in <see cref="InputProblem"/>.
    /// </summary>
    public sealed class BananaException : Exception
    {
        public BananaException(string errorId, string category, string message, object? target = null, Exception? inner = null)
            : base(message, inner)
        {
            ErrorId = errorId;
            Category = category;
            Target = target;
        }

        public string ErrorId { get; }
        public string Category { get; }
        public object? Target { get; }
    }
}
