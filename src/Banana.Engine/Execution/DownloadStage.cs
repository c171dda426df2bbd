using System;
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
    /// Saves finished tasks' results (<see cref="BatchContext.DownloadConcurrency"/> at a time, overlapping the
    /// generations still running) under the names planned for the job, never under names from the service.
    /// The names are recorded in the manifest before writing, so a rerun knows those files are the batch's own.
    /// </summary>
    internal sealed class DownloadStage
    {
        private readonly BatchContext context;

        public DownloadStage(BatchContext context) => this.context = context;

        public Task RunAsync(ChannelReader<JobWork> finished, CancellationToken cancellationToken)
            => Task.WhenAll(Enumerable.Range(0, context.DownloadConcurrency)
                .Select(_ => context.GuardAsync(() => WorkAsync(finished, cancellationToken))));

        private async Task WorkAsync(ChannelReader<JobWork> finished, CancellationToken cancellationToken)
        {
            while (await finished.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (finished.TryRead(out var work))
                {
                    await DownloadAsync(work, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        private async Task DownloadAsync(JobWork work, CancellationToken cancellationToken)
        {
            var snapshot = work.Result!;
            var index = work.Job.ManifestIndex;
            context.Progress.DownloadStarted();
            try
            {
                if (snapshot.ResultUrls.Count == 0)
                {
                    context.Fail(work, "NoResults", $"Task {snapshot.Id} succeeded but returned no image.", null);
                    return;
                }

                if (context.OutputDirectory is not { } directory)
                {
                    // No folder to save in: the result stays at the service's URLs, which the job's result carries.
                    context.Manifest.Update(index, r => r with { ResultUrls = snapshot.ResultUrls, Content = snapshot.Content });
                    context.Succeed(work);
                    return;
                }

                var row = context.Manifest[index];
                var outputName = row.OutputName.Length > 0
                    ? row.OutputName
                    : context.Names.ClaimNext("banana_" + OutputNames.Sanitize(Prefix(snapshot.Id, 8)));
                var names = snapshot.ResultUrls.Select((_, i) => OutputNames.ResultName(outputName, i)).ToList();
                var taken = names.FirstOrDefault(n => !context.Options.Force
                    && !row.Outputs.Contains(n, StringComparer.OrdinalIgnoreCase)
                    && File.Exists(OutputNames.Confine(directory, n)));
                if (taken is not null)
                {
                    context.FailOutputExists(work, OutputNames.Confine(directory, taken));
                    return;
                }

                context.Manifest.Update(index, r => r with
                {
                    Status = ManifestJobStatus.Downloading,
                    OutputName = outputName,
                    ResultUrls = snapshot.ResultUrls,
                    Content = snapshot.Content,
                    Outputs = names,
                });
                await context.Manifest.PersistAsync(index, cancellationToken).ConfigureAwait(false);

                for (var i = 0; i < names.Count; i++)
                {
                    var target = OutputNames.Confine(directory, names[i]);
                    await work.Key!.Client.DownloadAsync(ResultUrl.Parse(snapshot.ResultUrls[i], snapshot.Id), target, overwrite: true, cancellationToken)
                        .ConfigureAwait(false);

                    // The report's thumbnail, made now while other jobs are still generating (decoding a 2K PNG is a
                    // moment of CPU; a thousand at the end would delay the report by minutes).
                    context.Thumbnails?.TryEnsure(target, out _);
                }

                context.Succeed(work);
            }
            catch (GrsaiResultExpiredException e)
            {
                // Name the task this job recorded, not one guessed from the URL, then forget it: polling it again would
                // only hand back the same dead link, so the rerun generates the job anew.
                var taskId = context.Manifest[index].TaskId ?? snapshot.Id;
                context.Fail(
                    work,
                    e.ErrorId,
                    $"The result of task {taskId} is no longer available ({e.StatusCode switch { null => "gone", var s => $"HTTP {(int)s}" }}): "
                        + "the service keeps results about two hours. Run the same command again to generate it anew (this spends credits again).",
                    e);
                context.Manifest.Update(index, r => r with { TaskId = null, KeyNumber = null, ResultUrls = Array.Empty<string>() });
            }
            catch (GrsaiException e)
            {
                context.Fail(work, e.ErrorId, $"Saving the result of task {snapshot.Id} failed: {e.Message}", e);
            }
            catch (UriFormatException e)
            {
                context.Fail(work, "UnexpectedResponse", $"Task {snapshot.Id} returned a result address that is not a URL.", e);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                context.Fail(work, "OutputWriteFailed", $"Could not save the result of task {snapshot.Id}: {e.Message}", e);
            }
            finally
            {
                context.Progress.DownloadEnded();
            }
        }

        private static string Prefix(string text, int length) => text.Length <= length ? text : text.Substring(0, length);
    }
}
