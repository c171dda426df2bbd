using System;
using System.IO;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Banana.Client;
using Banana.Engine.Execution;
using Banana.Engine.Manifest;
using Banana.Engine.Planning;

namespace Banana.Engine.Hosting
{
    /// <summary>
    /// Jobs fed one by one (by <c>Invoke-BananaGenerate</c>, as they come down the PowerShell pipeline) into the same
    /// upload / generate / download pipeline a batch runs on: every key, retirement of a rejected key, adaptive
    /// concurrency, retries and resubmission. Results come back through the observer as each job finishes.
    /// Each job claims the lowest <c>&lt;stem&gt;_k.png</c> no earlier job of this stream holds when it is added, so
    /// the numbers follow the order the jobs were given; extra results of its task become <c>&lt;stem&gt;_k-2.png</c>.
    /// Numbering by job rather than by free file keeps a rerun of the same command on the same names, so without
    /// <see cref="GenerationOptions.Force"/> it fails with <c>OutputExists</c> before paying instead of buying again.
    /// </summary>
    public sealed class GenerationStream
    {
        private readonly GenerationOptions options;
        private readonly BatchManifest manifest;
        private readonly ProgressTracker progress;
        private readonly KeyPool keys;
        private readonly CancellationTokenSource stop;
        private readonly Channel<PlannedJob> feed = Channel.CreateUnbounded<PlannedJob>(new UnboundedChannelOptions { SingleWriter = true });
        private readonly BatchContext context;

        internal GenerationStream(
            GenerationOptions options,
            EngineSettings settings,
            Func<GrsaiClientOptions, IGrsaiClient> clientFactory,
            IBatchObserver observer,
            CancellationToken cancellationToken)
        {
            this.options = options;
            var limits = new BatchOptions
            {
                OutputPath = options.OutputDirectory ?? string.Empty,
                Force = options.Force,
                MaxTaskAttempts = options.MaxTaskAttempts,
                GenerationConcurrency = options.Concurrency,
                MaxCredits = options.MaxCredits,
            };
            BatchOptionsValidator.Validate(limits);
            progress = new ProgressTracker(0, observer, settings.ClientTuning.TimeProvider);
            keys = KeyPoolFactory.Create(settings, clientFactory, observer, progress, options.Concurrency);
            manifest = new BatchManifest(null, new ManifestDocument { BaseUri = settings.Connection.BaseUri.ToString() }, Array.Empty<ManifestJob>());
            stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, keys.Exhausted);
            var noPlan = new BatchPlan(Array.Empty<ManifestJob>(), Array.Empty<PlannedJob>(), Array.Empty<SourceImage>(), Array.Empty<string?>());
            context = new BatchContext(limits, settings.Wording, noPlan, manifest, keys, observer, progress, options.OutputDirectory, stop, feed.Reader);
            Completion = Task.Run(() => RunAsync(cancellationToken));
        }

        /// <summary>
        /// Finishes when every added job has finished after <see cref="Complete"/>, or the stream stopped. Faults with a
        /// <see cref="BananaException"/> when no key is left; cancelled when the caller's token was.
        /// </summary>
        public Task Completion { get; }

        /// <summary>True once the credit budget (<see cref="GenerationOptions.MaxCredits"/>) held a job back.</summary>
        public bool StoppedByBudget => context.Budget.Exhausted;

        /// <summary>Jobs the credit budget held back: never submitted.</summary>
        public int NotStarted => context.NotStarted;

        /// <summary>Credits this stream's submissions cost by the catalog's prices (models without a price count nothing).</summary>
        public long CreditsEstimated => context.Budget.Reserved;


        /// <summary>
        /// Adds a job and claims its result's name. Call it from one thread, in the order the jobs were given. A job
        /// that cannot run (empty prompt, parameters the service does not offer, a name already taken) is reported
        /// failed through the observer at once, before anything is paid.
        /// </summary>
        public void Add(GenerationJob job)
        {
            if (job is null)
            {
                throw new ArgumentNullException(nameof(job));
            }

            var stem = OutputNames.Sanitize(Path.GetFileNameWithoutExtension(job.SourcePath ?? string.Empty))
                ?? OutputNames.StemFromUrl(job.ImageUrls.Count > 0 ? job.ImageUrls[0] : null);
            var problem = Problem(job, context.Wording);
            var runnable = problem is null;
            var outputName = options.OutputDirectory is not null && stem is not null && runnable ? context.Names.ClaimNext(stem) : null;
            var index = manifest.Add(new ManifestJob
            {
                Id = Guid.NewGuid().ToString("N").Substring(0, 12),
                SourcePath = job.SourcePath,
                Prompt = job.Prompt,
                PromptNumber = 1,
                Model = job.Model,
                AspectRatio = job.AspectRatio,
                ImageSize = job.ImageSize,
                OutputName = outputName ?? string.Empty,
                Status = ManifestJobStatus.Pending,
            });
            progress.JobAdded();

            var refused = outputName is not null && !options.Force && File.Exists(OutputNames.Confine(options.OutputDirectory!, outputName));
            var planned = new PlannedJob(index, Array.Empty<int>(), refused ? PlannedAction.RefuseOutputExists : PlannedAction.Run, job.ImageUrls);
            if (problem is { } cannot)
            {
                context.Fail(new JobWork(planned, context.Keys.Clock), cannot.ErrorId, cannot.Error.Message, cannot.Error);
                return;
            }

            feed.Writer.TryWrite(planned);
        }

        /// <summary>No more jobs: <see cref="Completion"/> finishes once those added have.</summary>
        public void Complete() => feed.Writer.TryComplete();

        /// <summary>Why a job cannot run at all, or null.</summary>
        private static (string ErrorId, Exception Error)? Problem(GenerationJob job, HostWording wording)
        {
            if (string.IsNullOrWhiteSpace(job.Prompt))
            {
                return ("EmptyPrompt", new ArgumentException($"The prompt is empty. Describe what to generate with {wording.Prompt}."));
            }

            try
            {
                ModelCatalog.Validate(job.Model, job.AspectRatio, job.ImageSize);
                return null;
            }
            catch (GrsaiValidationException e)
            {
                return (e.ErrorId, e);
            }
        }

        private async Task RunAsync(CancellationToken cancellationToken)
        {
            try
            {
                await PipelineRun.RunAsync(context, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                feed.Writer.TryComplete();
                await manifest.CompleteAsync().ConfigureAwait(false);
                manifest.Dispose();
                progress.ReportNow();
            }

            if (keys.ExhaustedBecause is { } doom)
            {
                throw BatchRunner.NoKeyLeft(doom, keys.Slots.Count, null, context.Wording);
            }

            cancellationToken.ThrowIfCancellationRequested();
        }
    }
}
