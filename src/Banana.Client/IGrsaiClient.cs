using System;
using System.Threading;
using System.Threading.Tasks;

namespace Banana.Client
{
    /// <summary>
    /// The grsai protocol (docs/protocol.md#endpoints and 8, either generation API by <see cref="GrsaiClientOptions.Api"/>) for one API key. Every call is cancellable and either
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
        /// Submits, reports the task id through <paramref name="onTaskAccepted"/> (awaited before any waiting, so the
        /// caller can record it), then waits for the result. By default (<see cref="SubmitMode.Poll"/>) the submission
        /// is the short one that answers with the id, and the result comes by paced polling; with
        /// <see cref="SubmitMode.Stream"/> it follows the stream, and a stream that breaks after the id is known
        /// continues by polling that id. Once the id is known nothing is ever submitted again.
        /// Returns the succeeded snapshot; a failed task throws <see cref="GrsaiModerationException"/> or
        /// <see cref="GrsaiTaskFailedException"/>; a submission whose answer was lost after sending throws with
        /// <see cref="GrsaiException.MayHaveBeenCharged"/> set. A submission retried after an attempt whose answer was lost
        /// is reported by <see cref="AcceptedTask.UnansweredSubmissions"/>: that job may have been paid for twice.
        /// </summary>
        Task<TaskSnapshot> GenerateAsync(
            GenerationRequest request,
            Func<AcceptedTask, CancellationToken, Task> onTaskAccepted,
            IProgress<TaskSnapshot>? progress,
            CancellationToken cancellationToken);

        /// <summary>Submits in the short-answer mode (draw <c>webHook: "-1"</c>, generate <c>replyType: "async"</c>) and returns the task id.</summary>
        Task<string> SubmitAsync(GenerationRequest request, CancellationToken cancellationToken);

        /// <summary>
        /// Polls a recorded task (at once, then every <see cref="GrsaiClientOptions.PollInterval"/>) until it is final or
        /// the deadline passes. Same outcomes as <see cref="GenerateAsync"/>. A task the service no longer has (draw
        /// <c>-22</c> past the grace period, generate HTTP 404) throws <see cref="GrsaiTaskExpiredException"/> at once.
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
