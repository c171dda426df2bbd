using System;
using System.Net;
using System.Net.Http;
using System.Runtime.InteropServices;
using System.Security.Authentication;
using System.Threading;
using System.Threading.Tasks;
using Banana.Client.Download;
using Banana.Client.Draw;
using Banana.Client.Http;
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
        private const string CreditsPath = "client/openapi/getAPIKeyCredits";

        // One pool for the process: sockets are reused across clients and never exhausted. No HttpClient.Timeout,
        // since a stream may rightly run for minutes; each attempt has its own timeout instead.
        private static readonly HttpClient SharedHttpClient = CreateSharedClient();

        private readonly GrsaiClientOptions _options;
        private readonly JsonApi _api;
        private readonly Uploader _uploader;
        private readonly UploadVerifier _verifier;
        private readonly DrawStreamFollower _stream;
        private readonly TaskPoller _poller;
        private readonly ResultDownloader _downloader;
        private readonly ClientLog _log;

        /// <param name="options">Address, key and timing; treat it as frozen once the client is built (retries are set up here).</param>
        /// <param name="httpClient">A client to send with (tests pass one with a fake handler); the shared one when null.</param>
        public GrsaiClient(GrsaiClientOptions options, HttpClient? httpClient = null)
        {
            _options = Check(options ?? throw new ArgumentNullException(nameof(options)));
            _log = new ClientLog(options.Log, new KeyRedactor(options.ApiKey));
            var errors = new ServiceErrorMapper(_log.Redactor);
            var http = new ResilientHttp(options, httpClient ?? SharedHttpClient, _log);
            var snapshots = new SnapshotReader(errors, _log.Redactor);
            _api = new JsonApi(options, http, errors);
            _uploader = new Uploader(options, _api, http);
            _verifier = new UploadVerifier(http);
            _poller = new TaskPoller(options, _api, snapshots, errors, _log);
            _stream = new DrawStreamFollower(options, _api, snapshots, errors, _poller, _log);
            _downloader = new ResultDownloader(options, http);
        }

        public Task<UploadedImage> UploadAsync(string path, UploadMethod method, CancellationToken cancellationToken)
            => _uploader.UploadAsync(path, method, cancellationToken);

        public Task<UploadVerification> VerifyUploadAsync(UploadedImage image, CancellationToken cancellationToken)
            => _verifier.VerifyAsync(image, cancellationToken);

        public async Task<TaskSnapshot> GenerateAsync(
            GenerationRequest request,
            Func<string, CancellationToken, Task> onTaskAccepted,
            IProgress<TaskSnapshot>? progress,
            CancellationToken cancellationToken)
        {
            // Inside the task, like every other failure: a caller that starts many generations sees it on await.
            DrawRequests.Validate(request);
            if (onTaskAccepted is null)
            {
                throw new ArgumentNullException(nameof(onTaskAccepted));
            }

            return await _stream.GenerateAsync(request, onTaskAccepted, progress, cancellationToken).ConfigureAwait(false);
        }

        public async Task<string> SubmitAsync(GenerationRequest request, CancellationToken cancellationToken)
        {
            DrawRequests.Validate(request);
            using var response = await _api.PostCreatingTaskAsync("submit", DrawRequests.DrawPath, DrawRequests.ForSubmit(request), cancellationToken)
                .ConfigureAwait(false);
            string text;
            using (var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timer.CancelAfter(_options.AttemptTimeout);
                try
                {
                    text = await HttpBody.ReadTextAsync(response, HttpBody.MaxJsonBytes, truncate: false, timer.Token).ConfigureAwait(false);
                }
                catch (Exception fault) when (fault is not GrsaiException && !cancellationToken.IsCancellationRequested)
                {
                    // Not retried: the service may have created the task already, and a second one would be paid twice.
                    throw new GrsaiTransientException(
                        "submit: the answer broke off after the service accepted the request; the task may exist without its id.", fault);
                }
            }

            var id = _api.RequireData<TaskIdBody>("submit", _api.ParseEnvelope("submit", text)).Id;
            return string.IsNullOrWhiteSpace(id)
                ? throw new GrsaiProtocolException("submit: the service accepted the request but named no task id.")
                : id!;
        }

        public Task<TaskSnapshot> WaitForResultAsync(string taskId, IProgress<TaskSnapshot>? progress, CancellationToken cancellationToken)
        {
            if (string.IsNullOrWhiteSpace(taskId))
            {
                throw new ArgumentException("A task id is required.", nameof(taskId));
            }

            return _poller.WaitAsync(taskId, progress, _options.TaskDeadline, cancellationToken);
        }

        public Task<DownloadedImage> DownloadAsync(Uri url, string destinationPath, bool overwrite, CancellationToken cancellationToken)
            => _downloader.DownloadAsync(url, destinationPath, overwrite, cancellationToken);

        public async Task<long> GetCreditsAsync(CancellationToken cancellationToken)
        {
            // The one request whose body carries the key, as the API wants it; the answer is still redacted.
            var envelope = await _api.PostAsync("credits", CreditsPath, new CreditsRequest { ApiKey = _options.ApiKey }, cancellationToken)
                .ConfigureAwait(false);
            var credits = _api.RequireData<CreditsBody>("credits", envelope).Credits;
            return credits is { } value
                ? (long)Math.Floor(value)
                : throw new GrsaiProtocolException("credits: the answer has no 'credits'.");
        }

        private static HttpClient CreateSharedClient()
        {
            var client = new HttpClient(CreateSharedHandler()) { Timeout = Timeout.InfiniteTimeSpan };

            // .NET Framework sends "Expect: 100-continue" on every POST and then waits for an answer before the body:
            // a pointless round trip per request with this API.
            client.DefaultRequestHeaders.ExpectContinue = false;
            return client;
        }

        private static HttpClientHandler CreateSharedHandler()
        {
            var handler = new HttpClientHandler { AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate };

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
                || options.MaxRetries < 0 || options.RetryBaseDelay < TimeSpan.Zero || options.MaxRetryDelay < TimeSpan.Zero)
            {
                throw new ArgumentException("Timeouts must be positive, delays and retries not negative.", nameof(options));
            }

            return options;
        }
    }
}
