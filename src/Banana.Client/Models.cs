using System;
using System.Collections.Generic;

namespace Banana.Client
{
    /// <summary>How a local image reaches the service.</summary>
    public enum UploadMethod
    {
        /// <summary>Upload token + multipart form post to the storage host (<c>newUploadTokenZH</c>).</summary>
        Form,
        /// <summary>Upload token + presigned PUT of the raw bytes (<c>newUploadToken</c>).</summary>
        Presigned,
        /// <summary>No upload: the image travels inside the draw request as a data URI.</summary>
        DataUri,
    }

    /// <summary>A local image that the service can now reference by <see cref="Url"/>.</summary>
    public sealed record UploadedImage(string Path, string Url, long Bytes, string Sha256, UploadMethod Method, TimeSpan Elapsed);

    /// <summary>Whether an uploaded URL serves the same bytes that were uploaded.</summary>
    public sealed record UploadVerification(string Url, bool Matches, long ServedBytes, string? ServedSha256);

    /// <summary>What to draw. <see cref="ImageSize"/> is null for models that take no size.</summary>
    public sealed record GenerationRequest(
        string Model,
        string Prompt,
        IReadOnlyList<string> ImageUrls,
        string AspectRatio,
        string? ImageSize);

    /// <summary>A task the service accepted, as handed to the caller to record before any waiting.</summary>
    /// <param name="Id">The task's id.</param>
    public sealed record AcceptedTask(string Id)
    {
        /// <summary>
        /// Earlier attempts of this submission that went out and whose answer was lost (a reset after sending, a
        /// gateway's 502/504, no answer in time). Each may have created a task that was charged and never collected.
        /// </summary>
        public int UnansweredSubmissions { get; init; }

        /// <summary>True when this job may have been paid for more than once.</summary>
        public bool MayHaveBeenChargedTwice => UnansweredSubmissions > 0;
    }

    /// <summary>The state of a task as the service reports it.</summary>
    public enum TaskState
    {
        Running,
        Succeeded,
        Failed,
    }

    /// <summary>One task snapshot: a stream frame or the <c>data</c> of a poll answer.</summary>
    public sealed record TaskSnapshot(
        string Id,
        TaskState State,
        string Status,
        int Progress,
        IReadOnlyList<string> ResultUrls,
        string? FailureReason,
        string? Error)
    {
        /// <summary>Every entry of the task's <c>results</c>, with the model's text reply (<c>content</c>) kept beside its image.</summary>
        public IReadOnlyList<GeneratedResult> Results { get; init; } = Array.Empty<GeneratedResult>();

        /// <summary>The model's text replies joined by blank lines; null when it said nothing.</summary>
        public string? Content
        {
            get
            {
                var texts = new List<string>();
                foreach (var result in Results)
                {
                    if (!string.IsNullOrWhiteSpace(result.Content))
                    {
                        texts.Add(result.Content!);
                    }
                }

                return texts.Count == 0 ? null : string.Join("\n\n", texts);
            }
        }
    }

    /// <summary>One entry of a task's <c>results</c>: an image URL, the model's text reply, or both.</summary>
    public sealed record GeneratedResult(string? Url, string? Content);

    /// <summary>A result image saved whole on disk.</summary>
    public sealed record DownloadedImage(string Path, string Url, long Bytes);
}
