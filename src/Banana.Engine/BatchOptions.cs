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
        /// <summary>
        /// Uploads at a time; null (the default) follows the total generation concurrency (keys x
        /// <see cref="GenerationConcurrency"/>), so photos are ready as fast as every key can take them.
        /// </summary>
        public int? UploadConcurrency { get; set; }

        /// <summary>
        /// Downloads at a time; null (the default) follows the total generation concurrency: with fewer, finished
        /// tasks queue up behind the downloads while the service could already run the next ones.
        /// </summary>
        public int? DownloadConcurrency { get; set; }

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

        /// <summary>
        /// The most credits this run may spend, by the model catalog's prices: no job is submitted that would take the
        /// estimated spend past it. Null: no cap.
        /// </summary>
        public double? MaxCredits { get; set; }

        /// <summary>How large a photo may be when sent; a larger one (or one stored sideways) is sent as a smaller upright copy.</summary>
        public Imaging.UploadLimits UploadLimits { get; set; } = Imaging.UploadLimits.Default;
    }
}
