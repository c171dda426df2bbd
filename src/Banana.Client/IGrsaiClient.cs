using System;
using System.Threading;
using System.Threading.Tasks;

namespace Banana.Client
{
    /// <summary>
    /// The grsai protocol (grsai-api.md sections 1-3) for one API key. Every call is cancellable and either
    /// returns a value or throws a <see cref="GrsaiException"/> subclass; nothing here writes to a console.
    /// One instance per key, so that a task is always polled with the key that submitted it.
    /// </summary>
    public interface IGrsaiClient
    {
        /// <summary>Uploads a local image and returns its public URL. Streams the file; never buffers it whole.</summary>
        Task<UploadedImage> UploadAsync(string path, UploadMethod method, CancellationToken cancellationToken);

        /// <summary>Fetches an uploaded image's URL and checks that it serves the bytes that were uploaded.</summary>
        Task<UploadVerification> VerifyUploadAsync(UploadedImage image, CancellationToken cancellationToken);

        /// <summary>
        /// Submits in stream mode, reports the task id through <paramref name="onTaskAccepted"/> (awaited before
        /// anything else is read, so the caller can record it), then follows the stream to the final frame.
        /// A stream that breaks after the id is known continues by polling that id; it never submits again.
        /// Returns the succeeded snapshot; a failed task throws <see cref="GrsaiModerationException"/> or
        /// <see cref="GrsaiTaskFailedException"/>.
        /// </summary>
        Task<TaskSnapshot> GenerateAsync(
            GenerationRequest request,
            Func<string, CancellationToken, Task> onTaskAccepted,
            IProgress<TaskSnapshot>? progress,
            CancellationToken cancellationToken);

        /// <summary>Submits with <c>webHook: "-1"</c> and returns the task id at once, without waiting.</summary>
        Task<string> SubmitAsync(GenerationRequest request, CancellationToken cancellationToken);

        /// <summary>
        /// Polls <c>/v1/draw/result</c> until the task is final or the deadline passes. Same outcomes as
        /// <see cref="GenerateAsync"/>. <c>-22</c> counts as "not ready" for a grace period.
        /// </summary>
        Task<TaskSnapshot> WaitForResultAsync(string taskId, IProgress<TaskSnapshot>? progress, CancellationToken cancellationToken);

        /// <summary>
        /// Downloads a result to <paramref name="destinationPath"/> atomically: a temporary name in the same
        /// folder, verified to be an image, then renamed. With <paramref name="overwrite"/> false an existing
        /// file is never replaced.
        /// </summary>
        Task<DownloadedImage> DownloadAsync(Uri url, string destinationPath, bool overwrite, CancellationToken cancellationToken);

        /// <summary>The key's remaining credits.</summary>
        Task<long> GetCreditsAsync(CancellationToken cancellationToken);
    }
}
