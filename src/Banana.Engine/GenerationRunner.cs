using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Banana.Client;
using Banana.Engine.Planning;

namespace Banana.Engine
{
    /// <summary>
    /// One generation for <c>Invoke-BananaGenerate</c>: validate, submit (resubmitting a task that failed with
    /// <c>error</c>), and save the results under names derived from the source image. Each job claims the lowest
    /// <c>&lt;stem&gt;_k.png</c> no other job of this runner holds; extra results of its task become
    /// <c>&lt;stem&gt;_k-2.png</c> ... (the batch's convention). Numbering by job rather than by free file keeps a rerun
    /// of the same command on the same names, so without <c>-Force</c> it fails with <c>OutputExists</c> before paying
    /// instead of silently buying every result again. Failures come back as a failed <see cref="JobResult"/>; only
    /// cancellation and a dead key (<see cref="GrsaiException.DoomsKey"/>) throw, because no later job could succeed either.
    /// </summary>
    public sealed class GenerationRunner
    {
        private readonly IGrsaiClient client;
        private readonly GenerationRunnerOptions options;

        // One runner serves one invocation, whose jobs run concurrently: they must never be given the same file.
        private readonly OutputNameClaims outputNames = new OutputNameClaims();

        public GenerationRunner(IGrsaiClient client, GenerationRunnerOptions options)
        {
            this.client = client ?? throw new ArgumentNullException(nameof(client));
            this.options = options ?? throw new ArgumentNullException(nameof(options));
        }

        /// <summary>
        /// Claims the job's output name now. Call it in the order the jobs were given (the cmdlet does, on the
        /// pipeline thread), so three prompts for one photo are <c>_1</c>, <c>_2</c>, <c>_3</c> in that order whichever
        /// finishes first.
        /// </summary>
        public PreparedGeneration Prepare(GenerationSpec spec)
        {
            if (spec is null)
            {
                throw new ArgumentNullException(nameof(spec));
            }

            var stem = OutputNames.Sanitize(Path.GetFileNameWithoutExtension(spec.SourcePath ?? string.Empty))
                ?? OutputNames.StemFromUrl(spec.ImageUrls is { Count: > 0 } urls ? urls[0] : null);
            var outputName = options.OutputDirectory is not null && stem is not null && !string.IsNullOrWhiteSpace(spec.Prompt)
                ? outputNames.ClaimNext(stem)
                : null;
            return new PreparedGeneration(spec, outputName);
        }

        /// <summary>Prepares and runs one job.</summary>
        public Task<JobResult> RunAsync(GenerationSpec spec, IProgress<TaskSnapshot>? progress, CancellationToken cancellationToken)
            => RunAsync(Prepare(spec), progress, cancellationToken);

        public async Task<JobResult> RunAsync(PreparedGeneration job, IProgress<TaskSnapshot>? progress, CancellationToken cancellationToken)
        {
            if (job is null)
            {
                throw new ArgumentNullException(nameof(job));
            }

            var spec = job.Spec;
            var stopwatch = Stopwatch.StartNew();
            var result = new JobResult
            {
                JobId = Guid.NewGuid().ToString("N").Substring(0, 12),
                SourcePath = spec.SourcePath,
                Prompt = spec.Prompt,
                PromptNumber = 1,
                Model = spec.Model,
                AspectRatio = spec.AspectRatio,
                ImageSize = spec.ImageSize,
                ImageUrls = spec.ImageUrls ?? Array.Empty<string>(),
                Status = JobStatus.Failed,
            };

            try
            {
                await RunCoreAsync(spec, job.OutputName, result, progress, cancellationToken).ConfigureAwait(false);
            }
            catch (GrsaiException e) when (!e.DoomsKey)
            {
                Fail(result, e.ErrorId, e.Message, e);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                Fail(result, "OutputWriteFailed", $"Could not save the result in '{options.OutputDirectory}': {e.Message}", e);
            }

            result.Elapsed = stopwatch.Elapsed;
            return result;
        }

        private async Task RunCoreAsync(
            GenerationSpec spec, string? outputName, JobResult result, IProgress<TaskSnapshot>? progress, CancellationToken cancellationToken)
        {
            if (string.IsNullOrWhiteSpace(spec.Prompt))
            {
                Fail(result, "EmptyPrompt", "The prompt is empty. Describe what to generate with -Prompt.", null);
                return;
            }

            ModelCatalog.Validate(spec.Model, spec.AspectRatio, spec.ImageSize);

            // The name was claimed before the submission, so a job whose result could not be saved is never paid for.
            if (outputName is not null && IsTaken(PathFor(outputName)))
            {
                FailOutputExists(result, PathFor(outputName));
                return;
            }

            var request = new GenerationRequest(spec.Model, spec.Prompt, result.ImageUrls, spec.AspectRatio, spec.ImageSize);
            var snapshot = await GenerateAsync(request, result, progress, cancellationToken).ConfigureAwait(false);
            result.ResultUrls = snapshot.ResultUrls;

            if (options.OutputDirectory is not null)
            {
                outputName ??= outputNames.ClaimNext("banana_" + OutputNames.Sanitize(Prefix(snapshot.Id, 8)));
                var saved = new List<string>();
                for (var i = 0; i < snapshot.ResultUrls.Count; i++)
                {
                    var target = PathFor(BatchPlanner.ResultName(outputName, i));
                    if (IsTaken(target))
                    {
                        result.OutputFiles = saved;
                        FailOutputExists(result, target);
                        return;
                    }

                    var downloaded = await client.DownloadAsync(ResultUrl.Parse(snapshot.ResultUrls[i], snapshot.Id), target, options.Force, cancellationToken)
                        .ConfigureAwait(false);
                    saved.Add(downloaded.Path);
                }

                result.OutputFiles = saved;
            }

            result.Status = JobStatus.Succeeded;
        }

        private async Task<TaskSnapshot> GenerateAsync(
            GenerationRequest request, JobResult result, IProgress<TaskSnapshot>? progress, CancellationToken cancellationToken)
        {
            var maxAttempts = Math.Max(1, options.MaxTaskAttempts);
            while (true)
            {
                result.Attempts++;
                try
                {
                    return await client.GenerateAsync(
                        request,
                        (taskId, _) =>
                        {
                            result.TaskId = taskId;
                            return Task.CompletedTask;
                        },
                        progress,
                        cancellationToken).ConfigureAwait(false);
                }
                catch (GrsaiTaskFailedException) when (result.Attempts < maxAttempts)
                {
                    // failure_reason "error" is transient on the service's side: a new task may well succeed.
                }
            }
        }

        private string PathFor(string fileName) => OutputNames.Confine(options.OutputDirectory!, fileName);

        private bool IsTaken(string path) => !options.Force && File.Exists(path);

        private static string Prefix(string text, int length) => text.Length <= length ? text : text.Substring(0, length);

        private static void FailOutputExists(JobResult result, string path)
            => Fail(
                result,
                "OutputExists",
                $"'{path}' already exists. Use -Force to replace it, or choose another -OutputPath.",
                new IOException($"'{path}' already exists."));

        private static void Fail(JobResult result, string errorId, string message, Exception? exception)
        {
            result.Status = JobStatus.Failed;
            result.ErrorId = errorId;
            result.Error = message;
            result.Exception = exception;
        }
    }
}
