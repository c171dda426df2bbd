using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Banana.Client.Http;
using Banana.Shared;

namespace Banana.Client.Download
{
    /// <summary>
    /// Saves a result image whole or not at all: the bytes go to <c>&lt;dest&gt;.&lt;random&gt;.partial</c> in the
    /// destination folder, are checked to be a complete image, then renamed into place. A page that is not an
    /// image (or is cut short) is fetched again, bounded, and never saved; the partial file never survives.
    /// </summary>
    internal sealed class ResultDownloader
    {
        private const int ChunkBytes = 81920;

        private readonly GrsaiClientOptions options;
        private readonly ResilientHttp http;

        public ResultDownloader(GrsaiClientOptions options, ResilientHttp http)
        {
            this.options = options;
            this.http = http;
        }

        public async Task<DownloadedImage> DownloadAsync(Uri url, string destinationPath, bool overwrite, CancellationToken cancellationToken)
        {
            if (PublicAddress.Refusal(url) is { } why)
            {
                throw new GrsaiResultUrlRefusedException(
                    $"The service named {PublicAddress.Describe(url)} as a result, which was not fetched: {why}. "
                    + "Results are only downloaded from public http(s) hosts (or this machine).");
            }

            var destination = Path.GetFullPath(destinationPath ?? throw new ArgumentNullException(nameof(destinationPath)));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            if (!overwrite && File.Exists(destination))
            {
                throw AlreadyExists(destination);
            }

            var partial = AtomicFile.TempPathFor(destination, "partial");
            try
            {
                var bytes = await http.ExecuteAsync(
                    "download",
                    attempt => FetchToFileAsync(url, partial, attempt),
                    cancellationToken).ConfigureAwait(false);
                await MoveIntoPlaceAsync(partial, destination, overwrite, cancellationToken).ConfigureAwait(false);
                return new DownloadedImage(destination, url.AbsoluteUri, bytes);
            }
            finally
            {
                // Every way out (success leaves nothing to delete) removes the temporary file, cancellation included.
                AtomicFile.TryDelete(partial);
            }
        }

        private async Task<long> FetchToFileAsync(Uri url, string partial, HttpAttempt attempt)
        {
            using var response = await http.Client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, attempt.Timed)
                .ConfigureAwait(false);
            ThrowOnFailureStatus(url, response);
            if (response.Content.Headers.ContentLength > options.MaxDownloadBytes)
            {
                throw TooLarge(url);
            }

            // The body may take longer than one attempt's timeout: silence, not duration, is what breaks it.
            using var watchdog = new IdleWatchdog(options.StreamIdleTimeout, response, attempt.Caller);
            var probe = new ImageProbe();
            try
            {
                var body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
                // Unbuffered (chunks come from our own buffer): a buffer left over after a failed write would be written
                // again by Dispose, whose error would replace the one that says the disk is full.
                using var file = Local(() => new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1, useAsync: true));
                using var chunk = PooledBuffer.Rent(ChunkBytes);
                var buffer = chunk.Array;
                while (true)
                {
                    watchdog.Rearm();
                    var read = await body.ReadAsync(buffer, 0, buffer.Length, watchdog.Token).ConfigureAwait(false);
                    if (read == 0)
                    {
                        break;
                    }

                    if (probe.Length + read > options.MaxDownloadBytes)
                    {
                        throw TooLarge(url);
                    }

                    probe.Observe(buffer, read);
                    if (probe.IsNotAnImage)
                    {
                        // An error page or a stray file: its first bytes say enough, and its rest is never read.
                        throw new InvalidImageBodyException(
                            $"{PublicAddress.Describe(url)} is not an image ({MediaType(response)}); it was not read further");
                    }

                    await LocalAsync(() => file.WriteAsync(buffer, 0, read, attempt.Caller)).ConfigureAwait(false);
                }

                await LocalAsync(() => file.FlushAsync(attempt.Caller)).ConfigureAwait(false);
            }
            catch (Exception fault) when (watchdog.Fired && fault is not GrsaiException)
            {
                throw new AttemptTimedOutException($"the download sent nothing for {watchdog.Limit.TotalSeconds:0.#} s", fault);
            }

            if ((probe.Defect() ?? ImageStructure.Defect(partial, probe.Format!) ?? options.ResultCheck?.Invoke(partial)) is { } defect)
            {
                throw new InvalidImageBodyException($"{PublicAddress.Describe(url)} did not give a whole image: {defect}");
            }

            return probe.Length;
        }

        /// <summary>Runs a step that touches only the local file: its I/O errors are the disk's, not the network's.</summary>
        private static T Local<T>(Func<T> step)
        {
            try
            {
                return step();
            }
            catch (IOException fault) when (fault is not LocalWriteException)
            {
                throw new LocalWriteException(fault);
            }
        }

        private static async Task LocalAsync(Func<Task> step)
        {
            try
            {
                await step().ConfigureAwait(false);
            }
            catch (IOException fault) when (fault is not LocalWriteException)
            {
                throw new LocalWriteException(fault);
            }
        }

        /// <summary>The declared type, for the message: a token the HTTP stack parsed, never bytes of the body.</summary>
        private static string MediaType(HttpResponseMessage response)
            => response.Content.Headers.ContentType?.MediaType is { Length: > 0 and <= 60 } type ? $"Content-Type {type}" : "no usable Content-Type";

        private static void ThrowOnFailureStatus(Uri url, HttpResponseMessage response)
        {
            var status = response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            // Signed storage links answer 403 once they lapse, plain hosts 404 or 410.
            if (status is HttpStatusCode.NotFound or HttpStatusCode.Gone or HttpStatusCode.Forbidden)
            {
                var task = TaskIdFromUrl(url);
                throw new GrsaiResultExpiredException(
                    $"The result {url.AbsoluteUri}{(task is null ? string.Empty : $" of task {task}")} is gone (HTTP {(int)status}): results live about two hours, so generate it again.")
                {
                    TaskId = task,
                    StatusCode = status,
                };
            }

            if (RetryableStatusException.IsRetryable(status))
            {
                throw new RetryableStatusException(status, HttpBody.RetryAfter(response), string.Empty);
            }

            throw new GrsaiRequestRejectedException($"download: {url.AbsoluteUri} answered HTTP {(int)status}.") { StatusCode = status };
        }

        /// <summary>
        /// Result files are named after their task (<c>.../&lt;task id&gt;.png</c>, sometimes with an index suffix):
        /// the file name's stem is the best name for the task a URL belongs to.
        /// </summary>
        internal static string? TaskIdFromUrl(Uri url)
        {
            var stem = Path.GetFileNameWithoutExtension(Uri.UnescapeDataString(url.AbsolutePath.TrimEnd('/')));
            return string.IsNullOrEmpty(stem) ? null : stem;
        }

        private static async Task MoveIntoPlaceAsync(string partial, string destination, bool overwrite, CancellationToken cancellationToken)
        {
            try
            {
                await AtomicFile.MoveIntoPlaceAsync(partial, destination, overwrite, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException fault) when (!overwrite && File.Exists(destination))
            {
                // Someone wrote the file while we downloaded: theirs wins unless the caller asked to overwrite.
                throw AlreadyExists(destination, fault);
            }
        }

        private static IOException AlreadyExists(string destination, Exception? inner = null)
            => new IOException($"'{destination}' already exists; it was left untouched (ask to overwrite to replace it).", inner);

        private GrsaiInvalidImageException TooLarge(Uri url)
            => new GrsaiInvalidImageException($"{url.AbsoluteUri} is larger than the {options.MaxDownloadBytes}-byte download limit.");
    }
}
