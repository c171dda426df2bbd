using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Banana.Client;
using Banana.Engine.Manifest;
using Banana.Engine.Planning;

namespace Banana.Engine.Execution
{
    /// <summary>
    /// Runs a whole batch (<c>Start-BananaBatch</c>): reads the input folder, plans images x prompts x count jobs,
    /// matches them with the manifest of an earlier run, runs the rest through the upload / generate / download
    /// pipeline on every key, and writes the manifest and the report. Per-job failures are reported as data; only
    /// what dooms every job (bad input folder, no key left, unwritable output) throws a <see cref="BananaException"/>.
    /// </summary>
    internal sealed class BatchRunner
    {
        private const string ManifestWriteFailed = "ManifestWriteFailed";

        private readonly BatchOptions options;
        private readonly EngineSettings settings;
        private readonly Func<GrsaiClientOptions, IGrsaiClient> clientFactory;

        public BatchRunner(BatchOptions options, EngineSettings settings, Func<GrsaiClientOptions, IGrsaiClient> clientFactory)
        {
            this.options = options ?? throw new ArgumentNullException(nameof(options));
            this.settings = settings;
            this.clientFactory = clientFactory;
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
            var price = Budget.CreditPrices.PerSubmission(options.Model);
            if (options.MaxCredits is not null && price is null)
            {
                throw Budget.CreditPrices.Unknown(options.Model, settings.Wording.MaxCredits);
            }

            // Where the time before the first request goes, for -Verbose (issue 13: a resumed 50,000-job batch should
            // start submitting within 2 s).
            var clock = Stopwatch.StartNew();
            BatchInputs? inputs = await BatchInputs.ReadAsync(options, settings.Wording, observer, cancellationToken).ConfigureAwait(false);
            var outputDirectory = CreateOutputDirectory(options.OutputPath, settings.Wording);
            var readInputs = clock.ElapsedMilliseconds;

            // Held until the report is written: from before the manifest is read, nothing else may spend for this folder.
            using var folderLock = await LockOutputFolderAsync(outputDirectory, observer, settings.Wording, cancellationToken).ConfigureAwait(false);

            // The tracker and the keys exist before planning, for the balance request sent while the batch is planned.
            var progress = new ProgressTracker(0, observer, settings.ClientTuning.TimeProvider);
            var keys = KeyPoolFactory.Create(settings, clientFactory, observer, progress, options.GenerationConcurrency);
            var balance = new Budget.BalanceBeforeRun(keys, observer, cancellationToken);
            try
            {
                var (plan, manifest) = await PrepareAsync(observer, inputs, outputDirectory, balance, clock, readInputs, cancellationToken).ConfigureAwait(false);

                // Planned: the requests (about 9 MB at 50,000 jobs) are not kept through the run by this method's state.
                inputs = null;
                using (manifest)
                {
                    return await RunPlannedAsync(observer, plan, manifest, outputDirectory, keys, progress, balance, price, cancellationToken)
                        .ConfigureAwait(false);
                }
            }
            finally
            {
                await balance.SettleAsync().ConfigureAwait(false);
            }
        }

        /// <summary>
        /// Reads any earlier manifest, plans the jobs and writes the run's first record. Returns the plan without its rows,
        /// which the manifest owns from here on: a run keeps its plan to the end, and the rows as planned (each replaced
        /// as its job goes on) and the earlier manifest's would otherwise stay in memory beside the manifest's own.
        /// </summary>
        private async Task<(BatchPlan Plan, BatchManifest Manifest)> PrepareAsync(
            IBatchObserver observer,
            BatchInputs inputs,
            string outputDirectory,
            Budget.BalanceBeforeRun balance,
            Stopwatch clock,
            long readInputs,
            CancellationToken cancellationToken)
        {
            var manifestPath = Path.Combine(outputDirectory, ManifestFile.FileName);
            var earlier = ManifestFile.Load(manifestPath, settings.Wording, cancellationToken);
            balance.Start();
            var readManifest = clock.ElapsedMilliseconds;
            var baseUri = settings.Connection.BaseUri.ToString();
            var plan = await BatchPlanner.PlanAsync(options, inputs, earlier, outputDirectory, baseUri, cancellationToken, checkSavedResultsNow: false)
                .ConfigureAwait(false);
            observer.Verbose($"Planned {plan.Jobs.Count} job(s): {inputs.Description}; "
                + $"{(earlier is null ? "new manifest" : "resuming " + manifestPath)} (inputs read in {readInputs} ms, "
                + $"{(earlier is null ? "no manifest" : $"manifest of {earlier.Jobs.Count} row(s)")} in {readManifest - readInputs} ms, "
                + $"planned in {clock.ElapsedMilliseconds - readManifest} ms).");

            var header = new ManifestDocument
            {
                CreatedAt = earlier?.CreatedAt ?? DateTimeOffset.Now,
                InputPath = BatchInputs.SourceOf(options),
                BaseUri = baseUri,
            };
            var manifest = new BatchManifest(manifestPath, header, plan.Rows, settings.ManifestStorage, earlier);
            try
            {
                var planned = clock.ElapsedMilliseconds;
                await WriteFirstManifestAsync(manifest, earlier, outputDirectory, settings.Wording, cancellationToken).ConfigureAwait(false);
                var leftovers = LeftoverPartials.Remove(outputDirectory, plan.Rows);
                if (leftovers > 0)
                {
                    observer.Verbose($"Removed {leftovers} partial download(s) left by a run that was stopped.");
                }

                observer.Verbose($"Ready to submit {clock.ElapsedMilliseconds} ms after the batch started (manifest written in "
                    + $"{clock.ElapsedMilliseconds - planned} ms).");
                return (plan.WithoutRows(), manifest);
            }
            catch
            {
                manifest.Dispose();
                throw;
            }
        }

        /// <summary>Runs the planned jobs, then writes the manifest whole and the report, and sums the run up.</summary>
        private async Task<BatchSummary> RunPlannedAsync(
            IBatchObserver observer,
            BatchPlan plan,
            BatchManifest manifest,
            string outputDirectory,
            KeyPool keys,
            ProgressTracker progress,
            Budget.BalanceBeforeRun balance,
            long? price,
            CancellationToken cancellationToken)
        {
            var manifestPath = manifest.Path!;
            progress.Planned(plan.Jobs.Count);
            using var run = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, keys.Exhausted);
            var feed = Channel.CreateUnbounded<PlannedJob>();
            foreach (var job in plan.Jobs)
            {
                feed.Writer.TryWrite(job);
            }

            feed.Writer.Complete();
            var context = new BatchContext(options, settings.Wording, plan, manifest, keys, observer, progress, outputDirectory, run, feed.Reader);
            var balanceBefore = await balance.ResultAsync().ConfigureAwait(false);
            // A record that cannot be written stops the run (nothing more is submitted) but not its last duties: the
            // final write is tried (a freed disk takes every id kept in memory) and the report is written.
            BananaException? recordingFailed = null;
            try
            {
                await PipelineRun.RunAsync(context, cancellationToken).ConfigureAwait(false);
            }
            catch (BananaException e) when (e.ErrorId == ManifestWriteFailed)
            {
                recordingFailed = e;
            }
            finally
            {
                try
                {
                    await manifest.CompleteAsync().ConfigureAwait(false);
                }
                catch (BananaException e) when (e.ErrorId == ManifestWriteFailed)
                {
                    // The latest word: it names the paid tasks still only in memory.
                    recordingFailed = e;
                }

                progress.ReportNow();
            }

            var summary = new BatchSummary
            {
                Total = plan.Jobs.Count,
                Succeeded = progress.Succeeded,
                Failed = progress.Failed,
                Skipped = progress.Skipped,
                Cancelled = plan.Jobs.Count - progress.Succeeded - progress.Failed - progress.Skipped - context.NotStarted,
                NotStarted = context.NotStarted,
                StoppedByBudget = context.Budget.Exhausted,
                MaxCredits = options.MaxCredits,
                CreditsEstimated = price is null ? null : context.Budget.Reserved,
                BalanceBefore = balanceBefore,
                // Not after Ctrl+C: a stopped run winds down at once (the report still comes), and the balance can wait.
                BalanceAfter = balanceBefore is null || cancellationToken.IsCancellationRequested ? null
                    : await Budget.AccountBalance.TryReadAsync(keys, observer, cancellationToken).ConfigureAwait(false),
                Retries = progress.Retries,
                Resubmissions = progress.Resubmissions,
                ExpiredChargedAgain = progress.ExpiredResubmissions,
                MayHaveBeenCharged = progress.MayHaveBeenChargedCount,
                Elapsed = progress.Elapsed,
                OutputPath = outputDirectory,
                ManifestPath = manifestPath,
            };
            if (summary.StoppedByBudget)
            {
                observer.Warning(Budget.BudgetNotice.Stopped(summary, settings.Wording));
            }

            summary.ReportPath = await BatchReport.TryWriteAsync(context, outputDirectory, summary, observer).ConfigureAwait(false);

            if (recordingFailed is not null)
            {
                throw recordingFailed;
            }

            if (keys.ExhaustedBecause is { } doom)
            {
                throw NoKeyLeft(doom, keys.Slots.Count, manifestPath, settings.Wording);
            }

            cancellationToken.ThrowIfCancellationRequested();
            return summary;
        }

        /// <summary>
        /// Plans the batch as <see cref="RunAsync"/> would (reading the inputs and any earlier manifest) and counts its
        /// jobs and their price, without creating, writing, uploading or submitting anything.
        /// </summary>
        public async Task<BatchEstimate> EstimateAsync(IBatchObserver observer, CancellationToken cancellationToken)
        {
            BatchOptionsValidator.Validate(options);
            var inputs = await BatchInputs.ReadAsync(options, settings.Wording, observer, cancellationToken).ConfigureAwait(false);
            var outputDirectory = Path.GetFullPath(string.IsNullOrEmpty(options.OutputPath) ? "batch_outputs" : options.OutputPath);
            var manifestPath = Path.Combine(outputDirectory, ManifestFile.FileName);
            var earlier = File.Exists(manifestPath)
                ? ManifestFile.Load(manifestPath, settings.Wording, cancellationToken)
                : null;
            var plan = await BatchPlanner.PlanAsync(options, inputs, earlier, outputDirectory, settings.Connection.BaseUri.ToString(), cancellationToken)
                .ConfigureAwait(false);
            var price = Budget.CreditPrices.PerSubmission(options.Model);
            var estimate = new BatchEstimate
            {
                Jobs = plan.Jobs.Count,
                ToSubmit = plan.Jobs.Count(job => job.Action == PlannedAction.Run && plan.Rows[job.ManifestIndex].TaskId is null),
                ToCollect = plan.Jobs.Count(job => job.Action == PlannedAction.Resume
                    || (job.Action == PlannedAction.Run && plan.Rows[job.ManifestIndex].TaskId is not null)),
                AlreadyDone = plan.Jobs.Count(job => job.Action == PlannedAction.Skip),
                Refused = plan.Jobs.Count(job => job.Action == PlannedAction.RefuseOutputExists),
                Model = options.Model,
                CreditsPerSubmission = price,
                PricesCheckedOn = Client.ModelCatalog.CheckedOn,
                MaxCredits = options.MaxCredits,
            };
            // Each job at its own model's price (a job file's rows may choose other models than the command's).
            var prices = plan.Jobs
                .Where(job => job.Action == PlannedAction.Run && plan.Rows[job.ManifestIndex].TaskId is null)
                .Select(job => Budget.CreditPrices.PerSubmission(plan.Rows[job.ManifestIndex].Model))
                .ToList();
            estimate.EstimatedCredits = prices.Any(p => p is null) ? null : prices.Sum(p => p!.Value);
            estimate.WithinBudget = prices.Count;
            if (options.MaxCredits is { } cap && estimate.EstimatedCredits is not null)
            {
                // As the run reserves: in plan order, until the next one does not fit.
                double spent = 0;
                estimate.WithinBudget = prices.TakeWhile(p => (spent += p!.Value) <= cap).Count();
            }
            return estimate;
        }

        private static string CreateOutputDirectory(string outputPath, HostWording wording)
        {
            var full = Path.GetFullPath(string.IsNullOrEmpty(outputPath) ? "batch_outputs" : outputPath);
            try
            {
                Directory.CreateDirectory(full);
                return full;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is NotSupportedException)
            {
                throw NotWritable(full, e, wording);
            }
        }

        private static async Task<BatchLock> LockOutputFolderAsync(
            string outputDirectory, IBatchObserver observer, HostWording wording, CancellationToken cancellationToken)
        {
            BatchLock folderLock;
            try
            {
                folderLock = await BatchLock.AcquireAsync(outputDirectory, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw NotWritable(outputDirectory, e, wording);
            }

            if (folderLock.TakenOverFrom is { } previous)
            {
                observer.Verbose($"Took over the output folder from a run that ended without releasing it (process {previous.ProcessId} on {previous.Host}, "
                    + $"started {previous.StartedAt:u}).");
            }

            return folderLock;
        }

        private static async Task WriteFirstManifestAsync(
            BatchManifest manifest, ManifestDocument? earlier, string outputDirectory, HostWording wording, CancellationToken cancellationToken)
        {
            try
            {
                // Proves the folder is writable before any credit is spent.
                await manifest.BeginAsync(earlier, cancellationToken).ConfigureAwait(false);
            }
            catch (BananaException e) when (e.ErrorId == ManifestWriteFailed)
            {
                throw NotWritable(outputDirectory, e.InnerException ?? e, wording);
            }
        }

        private static BananaException NotWritable(string directory, Exception e, HostWording wording)
            => new BananaException(
                "OutputPathNotWritable",
                BananaErrorKind.Unwritable,
                $"The output folder '{directory}' cannot be written: {e.Message}. Choose another {wording.OutputFolder}.",
                directory,
                e);

        /// <summary>The error that stops a run once no key is left; <paramref name="manifestPath"/> null when nothing resumes.</summary>
        internal static BananaException NoKeyLeft(GrsaiException doom, int keyCount, string? manifestPath, HostWording wording)
        {
            var which = keyCount == 1 ? "The API key" : $"All {keyCount} API keys";
            var again = manifestPath is null
                ? "then run the same command again"
                : $"then run the same command again: it resumes from '{manifestPath}'";
            var message = doom is GrsaiCreditsExhaustedException
                ? $"{which} ran out of credits, so the run stopped. Top up the account (or pass another key with {wording.ApiKey}), "
                    + again + (manifestPath is null ? "." : " and pays for nothing twice.")
                : $"{which} was rejected by the service (invalid or expired), so the run stopped. Check the key "
                    + $"({wording.ApiKey}, {wording.ApiKeyVariable} or .env), {again}.";
            return new BananaException(
                doom.ErrorId,
                doom is GrsaiCreditsExhaustedException ? BananaErrorKind.OutOfCredits : BananaErrorKind.NoUsableKey,
                message,
                manifestPath,
                doom);
        }
    }
}
