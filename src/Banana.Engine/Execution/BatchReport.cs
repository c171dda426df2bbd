using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Banana.Engine.Imaging;
using Banana.Engine.Manifest;
using Banana.Engine.Planning;
using Banana.Engine.Reporting;

namespace Banana.Engine.Execution
{
    /// <summary>Feeds the batch's jobs, as the manifest records them, to <see cref="HtmlReportWriter"/>.</summary>
    internal static class BatchReport
    {
        /// <summary>Writes <c>report.html</c> next to the manifest; returns its path, or empty (with a warning) when it could not.</summary>
        public static async Task<string> TryWriteAsync(BatchContext context, string outputDirectory, BatchSummary summary, IBatchObserver observer)
        {
            var path = Path.Combine(outputDirectory, HtmlReportWriter.DefaultFileName);
            // Rows are decoded each time they are read (the manifest keeps them encoded): the settings are gathered in one pass.
            var rows = context.Manifest.SnapshotJobs();
            var settings = RunSettings.Of(context, rows);
            var model = new ReportModel
            {
                Summary = new ReportSummary
                {
                    GeneratedAt = DateTimeOffset.Now,
                    InputPath = BatchInputs.SourceOf(context.Options),
                    OutputPath = outputDirectory,
                    Model = settings.Model.Text,
                    AspectRatio = settings.AspectRatio.Text,
                    ImageSize = settings.ImageSize.Text,
                    Total = summary.Total,
                    Succeeded = summary.Succeeded,
                    Failed = summary.Failed,
                    Skipped = summary.Skipped,
                    // Jobs the budget held back show as cancelled cards: they are counted with them.
                    Cancelled = summary.Cancelled + summary.NotStarted,
                    NotStarted = summary.NotStarted,
                    CreditsEstimated = summary.CreditsEstimated,
                    MaxCredits = summary.MaxCredits,
                    BalanceBefore = summary.BalanceBefore,
                    BalanceAfter = summary.BalanceAfter,
                    Elapsed = summary.Elapsed,
                    Api = context.Keys.Slots.Count > 0 ? context.Keys.Slots[0].Api.ToString() : null,
                    ExpiredChargedAgain = summary.ExpiredChargedAgain,
                    MayHaveBeenCharged = summary.MayHaveBeenCharged,
                },
                Rows = context.Plan.Jobs.Select(job => ToRow(rows[job.ManifestIndex], Skipped(context, job), outputDirectory)),
            };

            model.Thumbnails = MakeThumbnails(context, outputDirectory, rows);
            try
            {
                // Not cancellable: a stopped batch still gets its report, and writing it takes moments.
                await HtmlReportWriter.WriteAsync(model, path, CancellationToken.None).ConfigureAwait(false);
                return path;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                observer.Warning($"The report '{path}' could not be written: {e.Message}");
                return string.Empty;
            }
        }

        /// <summary>
        /// Makes the thumbnails the report will show (sources and results), once: a rerun or a resumed batch finds the
        /// earlier ones. Not cancellable either; a stopped batch's report still opens fast.
        /// </summary>
        private static ThumbnailCache MakeThumbnails(BatchContext context, string outputDirectory, System.Collections.Generic.IReadOnlyList<ManifestJob> rows)
        {
            var cache = new ThumbnailCache(outputDirectory);
            if (context.Stopping.IsCancellationRequested)
            {
                // A stopped run winds down at once: its report shows the thumbnails already made and full images for the rest.
                return cache;
            }

            var images = context.Plan.Jobs
                .Select(job => rows[job.ManifestIndex])
                .SelectMany(row => row.Outputs.Select(name => OutputNames.Confine(outputDirectory, name)).Concat(row.AllReferences().Select(r => r.Path)))
                .Distinct(StringComparer.Ordinal);
            cache.EnsureAll(images);
            return cache;
        }

        /// <summary>The model parameters every job of this run used, gathered in one pass over its rows.</summary>
        private sealed class RunSettings
        {
            public SettingValues Model { get; } = new SettingValues();
            public SettingValues AspectRatio { get; } = new SettingValues();
            public SettingValues ImageSize { get; } = new SettingValues();

            public static RunSettings Of(BatchContext context, IReadOnlyList<ManifestJob> rows)
            {
                var settings = new RunSettings();
                foreach (var job in context.Plan.Jobs)
                {
                    var row = rows[job.ManifestIndex];
                    settings.Model.Add(row.Model);
                    settings.AspectRatio.Add(row.AspectRatio);
                    settings.ImageSize.Add(row.ImageSize);
                }

                return settings;
            }
        }

        /// <summary>
        /// A setting as the summary shows it: the one value every job of this run used, or "per row: a, b" when a job
        /// file's rows chose differently (the command's own value would misstate what was sent).
        /// </summary>
        private sealed class SettingValues
        {
            private readonly List<string?> values = new List<string?>();
            private readonly HashSet<string> seen = new HashSet<string>(StringComparer.Ordinal);
            private bool seenNull;

            public void Add(string? value)
            {
                if (value is null ? !seenNull : seen.Add(value))
                {
                    seenNull |= value is null;
                    values.Add(value);
                }
            }

            public string? Text => values.Count switch
            {
                0 => null,
                1 => values[0],
                _ => "per row: " + string.Join(", ", values.Select(v => v ?? "(none)")),
            };
        }

        /// <summary>Done by an earlier run: skipped as planned, or verified (or still to be, when the run stopped) and not made again.</summary>
        private static bool Skipped(BatchContext context, PlannedJob job)
            => job.Action == PlannedAction.Skip || (job.Action == PlannedAction.Verify && !context.SavedResults.WasRemade(job.ManifestIndex));

        private static ReportRow ToRow(ManifestJob row, bool skipped, string outputDirectory) => new ReportRow
        {
            JobId = row.Id,
            SourcePath = row.SourcePath,
            SourcePaths = row.AllReferences().Select(r => r.Path).ToList(),
            Row = row.Row,
            Prompt = row.Prompt,
            PromptNumber = row.PromptNumber,
            Status = StatusText(row, skipped),
            ErrorId = row.Status == ManifestJobStatus.Failed ? row.ErrorId : null,
            ErrorMessage = row.Status == ManifestJobStatus.Failed ? row.Error : null,
            TaskId = row.TaskId,
            Attempts = row.Attempts,
            OutputFiles = row.Outputs
                .Select(name => OutputNames.Confine(outputDirectory, name))
                .Where(File.Exists)
                .ToList(),
            ResultUrls = row.ResultUrls,
            Content = row.Content,
            ExpiredResubmissions = row.ExpiredResubmissions,
            MayHaveBeenCharged = row.MayHaveBeenCharged,
        };

        private static string StatusText(ManifestJob row, bool skipped)
            => skipped ? nameof(JobStatus.Skipped)
                : row.Status == ManifestJobStatus.Succeeded ? nameof(JobStatus.Succeeded)
                : row.Status == ManifestJobStatus.Failed ? nameof(JobStatus.Failed)
                : nameof(JobStatus.Cancelled);
    }
}
