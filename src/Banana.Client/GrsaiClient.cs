using System;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Http;
using System.Runtime.InteropServices;
using System.Security.Authentication;
using System.Threading;
using System.Threading.Tasks;
using Banana.Client.Download;
using Banana.Client.Draw;
using Banana.Client.Generate;
using Banana.Client.Http;
using Banana.Client.Tasks;
using Banana.Client.Upload;
using Banana.Client.Wire;

namespace Banana.Client
{
    /// <summary>
    /// The grsai protocol for one API key (see <see cref="IGrsaiClient"/>). Thread-safe: one instance serves
    /// any number of concurrent jobs. Owns no disposable state; the HTTP connection pool is shared process-wide.
    /// </summary>
    public sealed class GrsaiClient : IGrsaiClient
    {
        // One pool for the process: sockets are reused across clients and never exhausted. No HttpClient.Timeout,
        // since a stream may rightly run for minutes; each attempt has its own timeout instead.
        private static readonly HttpClient SharedHttpClient = CreateSharedClient();

        private readonly GrsaiClientOptions options;
        private readonly JsonApi api;
        private readonly ITaskApi tasks;
        private readonly Uploader uploader;
        private readonly UploadVerifier verifier;
        private readonly DrawStreamFollower stream;
        private readonly TaskPoller poller;
        private readonly ResultDownloader downloader;
        private readonly ClientLog log;
        private readonly ConcurrentDictionary<string, bool> uncataloguedModels = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);

        /// <param name="options">Address, key and timing; treat it as frozen once the client is built (retries are set up here).</param>
        /// <param name="httpClient">A client to send with (tests pass one with a fake handler); the shared one when null.</param>
        public GrsaiClient(GrsaiClientOptions options, HttpClient? httpClient = null)
        {
            this.options = Check(options ?? throw new ArgumentNullException(nameof(options)));
            log = new ClientLog(options.Log, new KeyRedactor(options.ApiKey));
            var errors = new ServiceErrorMapper(log.Redactor);
            var http = new ResilientHttp(options, httpClient ?? SharedHttpClient, log);
            var snapshots = new SnapshotReader(errors, log.Redactor);
            api = new JsonApi(options, http, errors);
            uploader = new Uploader(options, api, http);
            verifier = new UploadVerifier(http);
            tasks = options.Api == GrsaiApi.Generate
                ? new GenerateApi(options, api, snapshots, errors, log.Redactor)
                : new DrawApi(options, api, snapshots, errors);
            poller = new TaskPoller(options, tasks, errors, log);
            stream = new DrawStreamFollower(options, tasks, snapshots, errors, poller, log);
            downloader = new ResultDownloader(options, http);
        }

        public Task<UploadedImage> UploadAsync(string path, UploadMethod method, CancellationToken cancellationToken)
            => uploader.UploadAsync(path, method, cancellationToken);

        public Task<UploadVerification> VerifyUploadAsync(UploadedImage image, CancellationToken cancellationToken)
            => verifier.VerifyAsync(image, cancellationToken);

        public async Task<TaskSnapshot> GenerateAsync(
            GenerationRequest request,
            Func<AcceptedTask, CancellationToken, Task> onTaskAccepted,
            IProgress<TaskSnapshot>? progress,
            CancellationToken cancellationToken)
        {
            // Inside the task, like every other failure: a caller that starts many generations sees it on await.
            Check(request);
            if (onTaskAccepted is null)
            {
                throw new ArgumentNullException(nameof(onTaskAccepted));
            }

            if (options.SubmitMode == SubmitMode.Stream)
            {
                return await stream.GenerateAsync(request, onTaskAccepted, progress, cancellationToken).ConfigureAwait(false);
            }

            // Submit, then poll: the id is in the caller's hands (recorded) before any waiting starts, so nothing that
            // breaks from here on can lose the paid task.
            var started = options.TimeProvider.GetTimestamp();
            var tally = new SubmissionTally();
            var taskId = await tasks.SubmitAsync(request, tally, cancellationToken).ConfigureAwait(false);
            await onTaskAccepted(new AcceptedTask(taskId) { UnansweredSubmissions = tally.Unanswered }, cancellationToken)
                .ConfigureAwait(false);
            var deadline = options.TaskDeadline - options.TimeProvider.GetElapsedTime(started);
            return await poller.WaitAsync(taskId, progress, deadline, poller.FirstPollDelay(request.Model), fresh: true, cancellationToken)
                .ConfigureAwait(false);
        }

        public async Task<string> SubmitAsync(GenerationRequest request, CancellationToken cancellationToken)
        {
            Check(request);
            return await tasks.SubmitAsync(request, new SubmissionTally(), cancellationToken).ConfigureAwait(false);
        }

        public Task<TaskSnapshot> WaitForResultAsync(string taskId, IProgress<TaskSnapshot>? progress, CancellationToken cancellationToken)
        {
            if (string.IsNullOrWhiteSpace(taskId))
            {
                throw new ArgumentException("A task id is required.", nameof(taskId));
            }

            // A task recorded earlier may be long done: poll it at once.
            return poller.WaitAsync(taskId, progress, options.TaskDeadline, TimeSpan.Zero, fresh: false, cancellationToken);
        }

        public Task<DownloadedImage> DownloadAsync(Uri url, string destinationPath, bool overwrite, CancellationToken cancellationToken)
            => downloader.DownloadAsync(url, destinationPath, overwrite, cancellationToken);

        public async Task<long> GetCreditsAsync(CancellationToken cancellationToken)
        {
            // The one request whose body carries the key, as the API wants it; the answer is still redacted.
            var envelope = await api.PostAsync("credits", ApiRoutes.Credits, new CreditsRequest { ApiKey = options.ApiKey }, cancellationToken)
                .ConfigureAwait(false);
            var body = api.RequireData<CreditsBody>("credits", envelope);
            return (body.Credits ?? body.Residue ?? body.Balance) is { } value
                ? (long)Math.Floor(value)
                : throw new GrsaiProtocolException("credits: the answer has no 'credits', 'residue' or 'balance'.");
        }

        /// <summary>Validates locally; a model the catalog does not know is logged once per client, then sent as asked.</summary>
        private void Check(GenerationRequest request)
        {
            if (DrawRequests.Validate(request) is { } warning && uncataloguedModels.TryAdd(request.Model, true))
            {
                log.Write(warning);
            }
        }

        private static HttpClient CreateSharedClient()
        {
            // The guard follows redirects in place of the handler, so a redirect never carries the key to another host.
            var client = new HttpClient(new RedirectGuardHandler(CreateSharedHandler())) { Timeout = Timeout.InfiniteTimeSpan };

            // .NET Framework sends "Expect: 100-continue" on every POST and then waits for an answer before the body:
            // a pointless round trip per request with this API.
            client.DefaultRequestHeaders.ExpectContinue = false;
            return client;
        }

        private static HttpClientHandler CreateSharedHandler()
        {
            var handler = new HttpClientHandler
            {
                AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
                AllowAutoRedirect = false,
            };

            // .NET Framework allows 2 connections per host by default: with minutes-long streams, a batch of 5
            // concurrent generations would queue behind them. Runtimes without the setting have no such limit.
            try
            {
                handler.MaxConnectionsPerServer = 64;
            }
            catch (PlatformNotSupportedException)
            {
            }

            // Windows PowerShell 5.1 does not declare a target framework, so .NET Framework may still default to
            // SSL 3 / TLS 1.0 and fail the handshake with hosts that require TLS 1.2. Ask for 1.2 and 1.3 there;
            // .NET Core already lets the operating system choose well.
            if (RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal))
            {
                try
                {
                    handler.SslProtocols = SslProtocols.Tls12 | Tls13;
                }
                catch (PlatformNotSupportedException)
                {
                }
            }

            return handler;
        }

        // SslProtocols.Tls13 is newer than netstandard2.0; the value is the one the operating system understands.
        private const SslProtocols Tls13 = (SslProtocols)12288;

        private static GrsaiClientOptions Check(GrsaiClientOptions options)
        {
            if (string.IsNullOrWhiteSpace(options.ApiKey))
            {
                throw new ArgumentException("An API key is required (options.ApiKey).", nameof(options));
            }

            var address = options.BaseUri;
            var problem = BaseAddressRule.Check(address);
            if (problem == BaseAddressProblem.NotHttp)
            {
                throw new ArgumentException("The base address must be an absolute http(s) URI.", nameof(options));
            }

            if (problem == BaseAddressProblem.PlainHttpToRemoteHost)
            {
                throw new ArgumentException(
                    $"The key is only sent over https (or to this machine): '{address.GetLeftPart(UriPartial.Authority)}' is plain http.",
                    nameof(options));
            }

            if (options.AttemptTimeout <= TimeSpan.Zero || options.StreamIdleTimeout <= TimeSpan.Zero || options.PollInterval < TimeSpan.Zero
                || options.MaxRetries < 0 || options.RetryBaseDelay < TimeSpan.Zero || options.MaxRetryDelay < TimeSpan.Zero
                || options.MaxFirstPollDelay < TimeSpan.Zero || !(options.MaxPollsPerSecond > 0) || options.TimeProvider is null)
            {
                throw new ArgumentException(
                    "Timeouts and the poll rate must be positive, delays and retries not negative, and a clock (TimeProvider) given.", nameof(options));
            }

            return options;
        }
    }
}
