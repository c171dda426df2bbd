using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Banana.Client;
using Banana.Engine.Execution;
using Banana.Engine.Manifest;
using Banana.Engine.Planning;

namespace Banana.Engine
{
    /// <summary>
    /// Runs a whole batch (<c>Start-BananaBatch</c>): reads the input folder, plans images x prompts x count jobs,
    /// matches them with the manifest of an earlier run, runs the rest through the upload / generate / download
    /// pipeline on every key, and writes the manifest and the report. Per-job failures are reported as data; only
    /// what dooms every job (bad input folder, no key left, unwritable output) throws a <see cref="BananaException"/>.
    /// </summary>
    public sealed class BatchRunner
    {
        private readonly BatchOptions options;
        private readonly Func<GrsaiClientOptions, IGrsaiClient> clientFactory;

        /// <param name="options">What to run.</param>
        /// <param name="clientFactory">Builds one client per key (tests pass fakes); <see cref="GrsaiClient"/> when null.</param>
        public BatchRunner(BatchOptions options, Func<GrsaiClientOptions, IGrsaiClient>? clientFactory = null)
        {
            this.options = options ?? throw new ArgumentNullException(nameof(options));
            this.clientFactory = clientFactory ?? (o => new GrsaiClient(o));
        }

        /// <summary>
        /// Runs the batch. Throws <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> is
        /// cancelled, after leaving a consistent manifest (the rerun resumes) and the report.
        /// </summary>
        public async Task<BatchSummary> RunAsync(IBatchObserver observer, CancellationToken cancellationToken)
        {
            if (observer is null)
            {
                throw new ArgumentNullException(nameof(observer));
            }

            BatchOptionsValidator.Validate(options);
            var inputs = await BatchInputs.ReadAsync(options, observer, cancellationToken).ConfigureAwait(false);
            var outputDirectory = CreateOutputDirectory(options.OutputPath);
            var manifestPath = Path.Combine(outputDirectory, ManifestFile.FileName);
            var earlier = await ManifestFile.LoadAsync(manifestPath, cancellationToken).ConfigureAwait(false);
            var baseUri = options.Connection.BaseUri.ToString();
            var plan = await BatchPlanner.PlanAsync(options, inputs, earlier, outputDirectory, baseUri, cancellationToken).ConfigureAwait(false);
            observer.Verbose($"Planned {plan.Jobs.Count} job(s): {inputs.Images.Count} image(s) x {inputs.Prompts.Count} prompt(s) x {options.Count}; "
                + $"{(earlier is null ? "new manifest" : "resuming " + manifestPath)}.");

            var header = new ManifestDocument
            {
                CreatedAt = earlier?.CreatedAt ?? DateTimeOffset.Now,
                InputPath = Path.GetFullPath(options.InputPath),
                BaseUri = baseUri,
            };
            using var manifest = new BatchManifest(manifestPath, header, plan.Rows);
            await WriteFirstManifestAsync(manifest, outputDirectory, cancellationToken).ConfigureAwait(false);
            var leftovers = LeftoverPartials.Remove(outputDirectory, plan.Rows);
            if (leftovers > 0)
            {
                observer.Verbose($"Removed {leftovers} partial download(s) left by a run that was stopped.");
            }

            var progress = new ProgressTracker(plan.Jobs.Count, observer);
            var keys = CreateKeyPool(observer, progress);
            using var run = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, keys.Exhausted);
            var context = new BatchContext(options, plan, manifest, keys, observer, progress, outputDirectory, run);
            try
            {
                await new BatchPipeline(context).RunAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (keys.ExhaustedBecause is not null && !cancellationToken.IsCancellationRequested)
            {
                // No key is left: that stopped the batch and is what the person must act on (thrown below). Whatever a
                // stage tripped over while winding down is secondary, so it is told, not thrown in its place.
                observer.Verbose($"While stopping for want of a usable key: {e.GetType().Name}: {e.Message}");
            }
            finally
            {
                await manifest.CompleteAsync().ConfigureAwait(false);
                progress.ReportNow();
            }

            var summary = new BatchSummary
            {
                Total = plan.Jobs.Count,
                Succeeded = progress.Succeeded,
                Failed = progress.Failed,
                Skipped = progress.Skipped,
                Cancelled = plan.Jobs.Count - progress.Succeeded - progress.Failed - progress.Skipped,
                Retries = progress.Retries,
                Resubmissions = progress.Resubmissions,
                Elapsed = progress.Elapsed,
                OutputPath = outputDirectory,
                ManifestPath = manifestPath,
            };
            summary.ReportPath = await BatchReport.TryWriteAsync(context, summary, observer).ConfigureAwait(false);

            if (keys.ExhaustedBecause is { } doom)
            {
                throw NoKeyLeft(doom, keys.Slots.Count, manifestPath);
            }

            cancellationToken.ThrowIfCancellationRequested();
            return summary;
        }

        private KeyPool CreateKeyPool(IBatchObserver observer, ProgressTracker progress)
        {
            var keys = options.Connection.ApiKeys;
            if (keys.Count == 0)
            {
                throw ConnectionSettingsResolver.MissingKey();
            }

            var pool = new KeyPool(observer);
            foreach (var key in keys)
            {
                KeySlot? slot = null;
                // Stream until the engine chooses the submit mode itself (the client's default is submit-then-poll).
                var clientOptions = new GrsaiClientOptions { BaseUri = options.Connection.BaseUri, SubmitMode = SubmitMode.Stream };
                options.ConfigureClient?.Invoke(clientOptions);
                clientOptions.ApiKey = key;
                var callerRetry = clientOptions.OnRetry;
                var callerLog = clientOptions.Log;
                clientOptions.OnRetry = notice =>
                {
                    callerRetry?.Invoke(notice);
                    progress.RetryMade();
                    if (slot is not null && IsThrottle(notice))
                    {
                        pool.RecordThrottle(slot);
                    }
                };
                clientOptions.Log = line =>
                {
                    callerLog?.Invoke(line);
                    observer.Verbose((slot is null ? string.Empty : slot.Name + ": ") + line);
                };
                slot = pool.Add(clientFactory(clientOptions), options.GenerationConcurrency);
            }

            return pool;
        }

        private static bool IsThrottle(RetryNotice notice)
            => notice.Fault.IndexOf("429", StringComparison.Ordinal) >= 0
                || notice.Fault.IndexOf("TooManyRequests", StringComparison.OrdinalIgnoreCase) >= 0
                || notice.Fault.IndexOf("rate limit", StringComparison.OrdinalIgnoreCase) >= 0;

        private static string CreateOutputDirectory(string outputPath)
        {
            var full = Path.GetFullPath(string.IsNullOrEmpty(outputPath) ? "batch_outputs" : outputPath);
            try
            {
                Directory.CreateDirectory(full);
                return full;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is NotSupportedException)
            {
                throw NotWritable(full, e);
            }
        }

        private static async Task WriteFirstManifestAsync(BatchManifest manifest, string outputDirectory, CancellationToken cancellationToken)
        {
            try
            {
                // Proves the folder is writable before any credit is spent.
                await manifest.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (BananaException e) when (e.ErrorId == "ManifestWriteFailed")
            {
                throw NotWritable(outputDirectory, e.InnerException ?? e);
            }
        }

        private static BananaException NotWritable(string directory, Exception e)
            => new BananaException(
                "OutputPathNotWritable",
                "WriteError",
                $"The output folder '{directory}' cannot be written: {e.Message}. Choose another -OutputPath.",
                directory,
                e);

        private static BananaException NoKeyLeft(GrsaiException doom, int keyCount, string manifestPath)
        {
            var which = keyCount == 1 ? "The API key" : $"All {keyCount} API keys";
            var message = doom is GrsaiCreditsExhaustedException
                ? $"{which} ran out of credits, so the batch stopped. Top up the account (or pass another key with -ApiKey), "
                    + $"then run the same command again: it resumes from '{manifestPath}' and pays for nothing twice."
                : $"{which} was rejected by the service (invalid or expired), so the batch stopped. Check the key "
                    + $"(-ApiKey, $env:GRSAI_API_KEY or .env), then run the same command again: it resumes from '{manifestPath}'.";
            return new BananaException(
                doom.ErrorId,
                doom is GrsaiCreditsExhaustedException ? "QuotaExceeded" : "AuthenticationError",
                message,
                manifestPath,
                doom);
        }
    }
}
