using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Banana.Engine.Manifest;
using Banana.Engine.Planning;

namespace Banana.Engine.Execution
{
    /// <summary>What every stage of one batch shares, and the one place where a job's outcome is recorded and reported.</summary>
    internal sealed class BatchContext
    {
        public BatchContext(
            BatchOptions options,
            HostWording wording,
            BatchPlan plan,
            BatchManifest manifest,
            KeyPool keys,
            IBatchObserver observer,
            ProgressTracker progress,
            string? outputDirectory,
            CancellationTokenSource stop,
            ChannelReader<PlannedJob> feed)
        {
            this.stop = stop;
            Options = options;
            Wording = wording;
            Plan = plan;
            Feed = feed;
            Manifest = manifest;
            Keys = keys;
            Observer = observer;
            Progress = progress;
            OutputDirectory = outputDirectory;
            Budget = new Budget.CreditBudget(options.MaxCredits);

            // Only a batch has a report to show thumbnails in (it has a manifest file; a stream of generations does not).
            Thumbnails = outputDirectory is not null && manifest.Path is not null ? new Imaging.ThumbnailCache(outputDirectory) : null;
            SavedResults = new SavedResultsCheck(this);
        }

        /// <summary>The check of earlier runs' results, for the jobs planned <see cref="PlannedAction.Verify"/>.</summary>
        public SavedResultsCheck SavedResults { get; }

        /// <summary>The report's thumbnails, made as results arrive; null when the run writes no report.</summary>
        public Imaging.ThumbnailCache? Thumbnails { get; }

        private readonly CancellationTokenSource stop;
        private Exception? fault;

        public BatchOptions Options { get; }

        /// <summary>Generations at once over every key: keys x <see cref="BatchOptions.GenerationConcurrency"/>.</summary>
        public int GenerationSlots => Math.Max(1, Options.GenerationConcurrency) * Math.Max(1, Keys.Slots.Count);

        /// <summary>Uploads at once: as asked, else one per generation slot.</summary>
        public int UploadConcurrency => Math.Max(1, Options.UploadConcurrency ?? GenerationSlots);

        /// <summary>Downloads at once: as asked, else one per generation slot, so finished tasks never queue behind them.</summary>
        public int DownloadConcurrency => Math.Max(1, Options.DownloadConcurrency ?? GenerationSlots);
        public HostWording Wording { get; }

        public BatchPlan Plan { get; }

        /// <summary>The jobs to run, in order: a batch's plan written up front, or jobs written as they arrive.</summary>
        public ChannelReader<PlannedJob> Feed { get; }

        /// <summary>Names given to results whose job had no name of its own (they are named after their task).</summary>
        public OutputNameClaims Names { get; } = new OutputNameClaims();
        public BatchManifest Manifest { get; }
        public KeyPool Keys { get; }
        public IBatchObserver Observer { get; }
        public ProgressTracker Progress { get; }
        /// <summary>Where results are saved; null keeps them at the service's URLs only.</summary>
        public string? OutputDirectory { get; }

        /// <summary>This run's estimated spend against its cap (-MaxCredits).</summary>
        public Budget.CreditBudget Budget { get; }

        /// <summary>Jobs the budget held back (never submitted): reported as not started, resumable.</summary>
        public int NotStarted => Volatile.Read(ref notStarted);

        private int notStarted;

        /// <summary>Leaves a job unsubmitted because the budget is spent: its row stays as it was, so a rerun submits it.</summary>
        public void HoldBackForBudget(JobWork work)
        {
            Interlocked.Increment(ref notStarted);
            Observer.Verbose($"{Describe(work)} is not started: the credit budget is spent.");
        }

        /// <summary>Cancelled when the user stops the batch, no key is left, or a stage failed unexpectedly.</summary>
        public CancellationToken Stopping => stop.Token;

        /// <summary>The unexpected error that stopped the batch, if one did.</summary>
        public Exception? Fault => fault;

        /// <summary>
        /// Runs one loop of a stage. An unexpected error stops every stage at once: otherwise the loops feeding or
        /// draining this one would wait on its channel for ever.
        /// </summary>
        public async Task GuardAsync(Func<Task> loop)
        {
            try
            {
                await loop().ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
#pragma warning disable CA1031 // recorded and rethrown by BatchPipeline once every loop has stopped
            catch (Exception e)
#pragma warning restore CA1031
            {
                Interlocked.CompareExchange(ref fault, e, null);
                stop.Cancel();
            }
        }

        public void Succeed(JobWork work)
        {
            var row = Manifest.Update(work.Job.ManifestIndex, r => r with { Status = ManifestJobStatus.Succeeded, ErrorId = null, Error = null });
            Report(row, JobStatus.Succeeded, work, null);
        }

        public void Fail(JobWork work, string errorId, string message, Exception? exception)
        {
            var row = Manifest.Update(
                work.Job.ManifestIndex,
                r => r with { Status = ManifestJobStatus.Failed, ErrorId = errorId, Error = message });
            Report(row, JobStatus.Failed, work, exception);
        }

        /// <summary>
        /// Fails a job whose result file is already there and not its own: decided before paying for the job, or before
        /// writing an extra result over a stranger's file.
        /// </summary>
        public void FailOutputExists(JobWork work, string path)
            => Fail(
                work,
                "OutputExists",
                Manifest.Path is null
                    ? $"'{path}' already exists. Use {Wording.Force} to replace it, or choose another {Wording.OutputFolder}."
                    : $"'{path}' already exists and this batch did not write it. Use {Wording.Force} to replace it, or choose another {Wording.OutputFolder}.",
                new IOException($"'{path}' already exists."));

        public void Skip(JobWork work) => Report(Manifest[work.Job.ManifestIndex], JobStatus.Skipped, work, null);

        /// <summary>A short, key-free description of a job for messages: its source (or prompt number) and output name.</summary>
        public string Describe(JobWork work)
        {
            var row = Manifest[work.Job.ManifestIndex];
            var images = string.Join(" + ", row.AllReferences().Select(r => Path.GetFileName(r.Path)));
            var source = row.Row is { } jobFileRow ? (images.Length == 0 ? $"row {jobFileRow}" : $"row {jobFileRow}: {images}")
                : images.Length == 0 ? $"prompt {row.PromptNumber}" : $"{images} x prompt {row.PromptNumber}";
            return row.OutputName.Length == 0 ? $"job {row.Id} ({source})" : $"job {row.Id} ({source} -> {row.OutputName})";
        }

        private void Report(ManifestJob row, JobStatus status, JobWork work, Exception? exception)
        {
            Progress.JobFinished(status);
            Observer.JobFinished(new JobResult
            {
                JobId = row.Id,
                SourcePath = row.SourcePath,
                SourcePaths = row.AllReferences().Select(r => r.Path).ToList(),
                Row = row.Row,
                Prompt = row.Prompt,
                PromptNumber = row.PromptNumber,
                Model = row.Model,
                AspectRatio = row.AspectRatio,
                ImageSize = row.ImageSize,
                ImageUrls = work.ImageUrls.Count > 0 ? work.ImageUrls
                    : work.Job.ImageUrls is { Count: > 0 } given ? given
                    : row.AllReferences().Where(r => r.UploadUrl is not null).Select(r => r.UploadUrl!).ToList(),
                TaskId = row.TaskId,
                Status = status,
                ResultUrls = row.ResultUrls,
                Content = row.Content,
                Api = row.TaskId is null ? null : (row.Api ?? Banana.Client.GrsaiApi.Draw).ToString(),
                ExpiredResubmissions = row.ExpiredResubmissions,
                MayHaveBeenCharged = row.MayHaveBeenCharged,
                OutputFiles = status == JobStatus.Failed ? ExistingOutputs(row) : FullPaths(row.Outputs),
                Attempts = row.Attempts,
                Elapsed = work.Stopwatch.Elapsed,
                Error = status == JobStatus.Failed ? row.Error : null,
                ErrorId = status == JobStatus.Failed ? row.ErrorId : null,
                Exception = exception,
            });
        }

        private IReadOnlyList<string> FullPaths(IReadOnlyList<string> names)
            => OutputDirectory is null ? Array.Empty<string>() : names.Select(n => OutputNames.Confine(OutputDirectory, n)).ToList();

        private IReadOnlyList<string> ExistingOutputs(ManifestJob row)
            => FullPaths(row.Outputs).Where(File.Exists).ToList();
    }
}
