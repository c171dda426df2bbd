using System;
using System.Threading;
using System.Threading.Tasks;
using Banana.Client;
using Banana.Engine.Execution;
using Banana.Engine.Imaging;

namespace Banana.Engine.Hosting
{
    /// <summary>
    /// The engine as a host sees it, and the only way in: created from resolved settings (keys, address, client
    /// tuning) and an observer, it runs batches, streams of generations, uploads and credit queries, every one on all
    /// the keys with a rejected key retired. It never calls back into its host except through the observer.
    /// </summary>
    public sealed class BananaEngine
    {
        private readonly EngineSettings settings;
        private readonly IBatchObserver observer;
        private readonly Func<GrsaiClientOptions, IGrsaiClient> clientFactory;
        private readonly Lazy<KeyPool> serviceKeys;

        public BananaEngine(EngineSettings settings, IBatchObserver observer)
            : this(settings, observer, null)
        {
        }

        /// <param name="clientFactory">Builds one client per key (tests pass fakes); <see cref="GrsaiClient"/> when null.</param>
        internal BananaEngine(EngineSettings settings, IBatchObserver observer, Func<GrsaiClientOptions, IGrsaiClient>? clientFactory)
        {
            this.settings = settings ?? throw new ArgumentNullException(nameof(settings));
            this.observer = observer ?? throw new ArgumentNullException(nameof(observer));
            this.clientFactory = clientFactory ?? (o => new GrsaiClient(o));
            serviceKeys = new Lazy<KeyPool>(
                () => KeyPoolFactory.Create(this.settings, this.clientFactory, this.observer, new ProgressTracker(0, NoProgress.Instance), 1));
        }

        /// <summary>How many keys the engine holds (labelled key #1, key #2, ... in messages).</summary>
        public int KeyCount => settings.Connection.ApiKeys.Count;

        /// <summary>The service address the engine talks to.</summary>
        public Uri BaseUri => settings.Connection.BaseUri;

        /// <summary>
        /// Runs a whole batch (<c>Start-BananaBatch</c>): plan, manifest, pipeline, report. Per-job failures are reported
        /// through the observer; what dooms every job throws a <see cref="BananaException"/>.
        /// </summary>
        public Task<BatchSummary> RunBatchAsync(BatchOptions options, CancellationToken cancellationToken)
            => new BatchRunner(options, settings, clientFactory).RunAsync(observer, cancellationToken);

        /// <summary>What <see cref="RunBatchAsync"/> would do and cost, without writing, uploading or spending anything (<c>-WhatIf</c>).</summary>
        public Task<BatchEstimate> EstimateBatchAsync(BatchOptions options, CancellationToken cancellationToken)
            => new BatchRunner(options, settings, clientFactory).EstimateAsync(observer, cancellationToken);

        /// <summary>Starts a pipeline that takes jobs as they come (<see cref="GenerationStream.Add"/>).</summary>
        public GenerationStream StartGenerations(GenerationOptions options, CancellationToken cancellationToken)
            => new GenerationStream(options ?? throw new ArgumentNullException(nameof(options)), settings, clientFactory, observer, cancellationToken);

        /// <summary>
        /// Uploads one image (the upload stage on its own), on the keys in turn; a rejected key is retired and the next
        /// one tries. The photo is prepared first (<see cref="PhotoPreparer"/>: a smaller, upright copy when it is over
        /// <paramref name="limits"/> or stored sideways), once, whichever key sends it; <c>Sent</c> says what was sent.
        /// With <paramref name="verify"/>, downloads it back and says whether the bytes match what was sent.
        /// </summary>
        /// <exception cref="UnusablePhotoException">The image cannot be decoded; nothing was sent.</exception>
        public async Task<(UploadedImage Image, bool? Verified, PreparedPhoto Sent)> UploadAsync(
            string path, UploadMethod method, bool verify, UploadLimits limits, CancellationToken cancellationToken)
        {
            var keys = serviceKeys.Value;
            bool? verified = null;
            var (image, sent) = await PhotoUpload.SendAsync(path, limits, async upload =>
            {
                var outcome = await keys.OnAnyKeyAsync(async key =>
                {
                    var uploaded = await key.Client.UploadAsync(upload, method, cancellationToken).ConfigureAwait(false);
                    var check = verify ? await key.Client.VerifyUploadAsync(uploaded, cancellationToken).ConfigureAwait(false) : null;
                    return Tuple.Create(uploaded, check?.Matches);
                }).ConfigureAwait(false);
                if (outcome is null)
                {
                    throw BatchRunner.NoKeyLeft(keys.ExhaustedBecause!, keys.Slots.Count, null, settings.Wording);
                }

                verified = outcome.Item2;
                return outcome.Item1;
            }).ConfigureAwait(false);
            return (image, verified, sent);
        }

        /// <summary>The remaining credits of key <paramref name="keyNumber"/> (1-based).</summary>
        public Task<long> GetCreditsAsync(int keyNumber, CancellationToken cancellationToken)
            => serviceKeys.Value.Slots[keyNumber - 1].Client.GetCreditsAsync(cancellationToken);

        /// <summary>Progress nobody watches: uploads and credit queries are not a batch.</summary>
        private sealed class NoProgress : IBatchObserver
        {
            public static readonly NoProgress Instance = new NoProgress();

            public void JobFinished(JobResult result)
            {
            }

            public void InputRejected(InputProblem problem)
            {
            }

            public void ProgressChanged(BatchProgress progress)
            {
            }

            public void Warning(string message)
            {
            }

            public void Verbose(string message)
            {
            }
        }
    }
}
