using System;
using System.Collections.Generic;

namespace Banana.Engine.Manifest
{
    /// <summary>
    /// One job's row in <c>banana-manifest.json</c>: its inputs (which fix its <see cref="Id"/>), its progress, and the
    /// files it owns. Treated as immutable: the manifest swaps whole rows (<c>with</c>) so a snapshot can be written
    /// while workers go on. Never holds a key: only the key's 1-based position (<see cref="KeyNumber"/>).
    /// The properties with a default have setters, not <c>init</c>: System.Text.Json's compile-time code fills every
    /// init-only property in one object initializer, so a field an older manifest lacks would lose its default
    /// (<see cref="N"/> = 1, empty lists) and the row would read as damaged.
    /// </summary>
    internal sealed record ManifestJob
    {
        public string Id { get; set; } = string.Empty;

        /// <summary>Full path of the (first) source image; null for text-to-image.</summary>
        public string? SourcePath { get; init; }

        public string? SourceSha256 { get; init; }

        /// <summary>
        /// Every reference image, in the order sent. Written for every job with an image; manifests written before a
        /// job could have several lack it, and then <see cref="SourcePath"/> is the only one (<see cref="AllReferences"/>).
        /// </summary>
        public IReadOnlyList<ManifestReference> References { get; set; } = Array.Empty<ManifestReference>();

        /// <summary>The job file row the job came from; null in the folder layout.</summary>
        public int? Row { get; init; }
        public string Prompt { get; set; } = string.Empty;
        public int PromptNumber { get; init; }
        public string Model { get; set; } = string.Empty;
        public string AspectRatio { get; set; } = string.Empty;
        public string? ImageSize { get; init; }

        /// <summary>Which of the <c>-Count</c> results of this image and prompt (1-based).</summary>
        public int N { get; set; } = 1;

        /// <summary>File name of the first result in the output folder; chosen at planning and kept for good.</summary>
        public string OutputName { get; set; } = string.Empty;

        public ManifestJobStatus Status { get; init; }
        public string? UploadUrl { get; init; }

        /// <summary>What was sent for the reference image (size, dimensions, whether a prepared copy); null before the upload.</summary>
        public ManifestUpload? Upload { get; init; }

        /// <summary>1-based position of the key that submitted the task: the task is polled with that key.</summary>
        public int? KeyNumber { get; init; }

        public string? TaskId { get; init; }

        /// <summary>The API <see cref="TaskId"/> was submitted on (each API polls only its own tasks); null is the draw API.</summary>
        public Banana.Client.GrsaiApi? Api { get; init; }

        /// <summary>Tasks submitted for this job, across runs.</summary>
        public int Attempts { get; init; }

        public string? ErrorId { get; init; }
        public string? Error { get; init; }

        /// <summary>File names (in the output folder) this job writes: recorded before writing, so a rerun may replace them.</summary>
        public IReadOnlyList<string> Outputs { get; set; } = Array.Empty<string>();

        public IReadOnlyList<string> ResultUrls { get; set; } = Array.Empty<string>();

        /// <summary>The model's text reply (<c>results[].content</c>) beside its image; null when it said nothing.</summary>
        public string? Content { get; init; }

        /// <summary>
        /// Times a recorded task of this job had expired (the service keeps tasks about two hours) and the job was
        /// submitted, and charged, again: across runs, for the report.
        /// </summary>
        public int ExpiredResubmissions { get; init; }

        /// <summary>
        /// A submission of this job was sent but its answer lost: the service may have created, and charged, a task whose
        /// id nobody knows. Kept once set, for the report: the account may show a charge the results do not.
        /// </summary>
        public bool MayHaveBeenCharged { get; init; }

        public DateTimeOffset UpdatedAt { get; init; }

        /// <summary>The references of this row, also when an older manifest recorded only <see cref="SourcePath"/>.</summary>
        public IReadOnlyList<ManifestReference> AllReferences()
            => References.Count > 0 ? References
                : SourcePath is null ? Array.Empty<ManifestReference>()
                : new[] { new ManifestReference(SourcePath, SourceSha256 ?? string.Empty, UploadUrl) };
    }
}
