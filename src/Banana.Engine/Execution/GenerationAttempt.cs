using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Banana.Client;
using Banana.Engine.Manifest;

namespace Banana.Engine.Execution
{
    /// <summary>
    /// One job's time on one key: poll its recorded task, or submit (recording the task id on disk before waiting),
    /// resubmitting a task that failed with <c>error</c> up to <see cref="BatchOptions.MaxTaskAttempts"/> times.
    /// Outcomes: a result to download, a failure reported as data, or "try another key" when this key died.
    /// </summary>
    internal sealed class GenerationAttempt
    {
        private readonly BatchContext context;
        private readonly JobWork work;
        private readonly KeySlot key;
        private readonly UploadStage uploads;

        public GenerationAttempt(BatchContext context, JobWork work, KeySlot key, UploadStage uploads)
        {
            this.context = context;
            this.work = work;
            this.key = key;
            this.uploads = uploads;
        }

        private int Index => work.Job.ManifestIndex;

        /// <summary>The job to download (null when it failed or must be requeued), and whether to requeue it.</summary>
        public async Task<(JobWork? Download, bool Requeue)> RunAsync(CancellationToken cancellationToken)
        {
            context.Progress.GenerationStarted();
            try
            {
                work.Result = await ObtainResultAsync(cancellationToken).ConfigureAwait(false);
                work.Key = key;
                return (work, false);
            }
            catch (BudgetSpentException)
            {
                context.HoldBackForBudget(work);
            }
            catch (BananaException e) when (e.ErrorId == "CreditPriceUnknown")
            {
                // A budget that cannot be kept (no price for the model): refused before anything is sent.
                context.Fail(work, e.ErrorId, e.Message, e);
            }
            catch (GrsaiException e) when (e.DoomsKey)
            {
                if (e.MayHaveBeenCharged)
                {
                    NoteMayHaveBeenCharged();
                }

                context.Keys.Retire(key, e);
                var row = context.Manifest[Index];
                if (row.TaskId is not null && row.KeyNumber == key.Number)
                {
                    // Only this key may poll its task, and it is out of service: leave the job resumable.
                    return (null, false);
                }

                return (null, true);
            }
            catch (GrsaiTransientException e) when (IsRateLimited(e) && work.Waited < context.Options.ThrottledJobDeadline)
            {
                // The service refused the submission with 429 through every retry: nothing was created or paid for. The
                // key's limit has already come down (KeyPool.RecordThrottle), so the job waits its turn again instead of failing.
                work.RunAttempts--;
                context.Observer.Verbose($"{context.Describe(work)} is still rate limited by the service (HTTP 429); it goes back in the queue.");
                return (null, true);
            }
            catch (GrsaiException e) when (e.MayHaveBeenCharged)
            {
                // The one ambiguous case: the submission went out and its answer was lost, so a task may exist (and be
                // paid for) that nobody can poll. Not resubmitted now; counted and kept in the manifest for the report.
                NoteMayHaveBeenCharged();
                context.Fail(
                    work,
                    e.ErrorId,
                    $"{e.Message} The service may have charged for this job without a result. Run the same command again to "
                        + "generate it (check the account's balance if the cost matters: this job may be paid twice).",
                    e);
            }
            catch (GrsaiException e)
            {
                // The client's message already says what happened and what to do (moderation included); the job's
                // own fields say which job it was, so the stored error is the reason alone.
                context.Fail(work, e.ErrorId, e.Message, e);
            }
            catch (Exception e) when (e is System.IO.IOException || e is UnauthorizedAccessException)
            {
                // Only a fresh upload of the job's image reads a local file here (it changed or went since planning).
                context.Fail(work, "UnreadableFile", $"'{context.Manifest[Index].SourcePath}' cannot be read to upload it again: {e.Message}", e);
            }
            finally
            {
                context.Progress.GenerationEnded();
            }

            return (null, false);
        }

        private async Task<TaskSnapshot> ObtainResultAsync(CancellationToken cancellationToken)
        {
            var maxAttempts = Math.Max(1, context.Options.MaxTaskAttempts);
            while (true)
            {
                var row = context.Manifest[Index];
                try
                {
                    if (row.TaskId is { } taskId)
                    {
                        var api = row.Api ?? GrsaiApi.Draw;
                        context.Observer.Verbose($"Polling task {taskId} of {context.Describe(work)} with {key.Name} on the {api} API (recorded by an earlier run).");
                        return await key.ClientFor(api).WaitForResultAsync(taskId, null, cancellationToken).ConfigureAwait(false);
                    }

                    Reserve(row.Model);
                    work.RunAttempts++;
                    var request = new GenerationRequest(
                        row.Model,
                        row.Prompt,
                        work.ImageUrls,
                        row.AspectRatio,
                        row.ImageSize);

                    // The task id's place on disk is taken before the request goes out: a disk that fills up meanwhile
                    // cannot lose a paid task, and one that is already full stops the batch here, before paying.
                    await context.Manifest.ReserveAsync(Index, cancellationToken).ConfigureAwait(false);
                    var recorded = false;
                    try
                    {
                        using var guard = new SubmissionGuard(cancellationToken);
                        return await key.Client.GenerateAsync(
                            request,
                            async (accepted, token) =>
                            {
                                if (accepted.MayHaveBeenChargedTwice)
                                {
                                    // An earlier attempt of this submission went out and lost its answer: the service may
                                    // hold a second, paid task for this job that nobody can collect.
                                    NoteMayHaveBeenCharged();
                                }

                                await RecordTaskAsync(accepted.Id, token).ConfigureAwait(false);
                                recorded = true;
                                guard.Accepted();
                            },
                            null,
                            guard.Token).ConfigureAwait(false);
                    }
                    finally
                    {
                        if (!recorded)
                        {
                            context.Manifest.Release(Index);
                        }
                    }
                }
                catch (GrsaiException e) when (reserved > 0 && ChargedNothing(e) && ReleaseReservation())
                {
                    throw; // Never reached: ReleaseReservation returns false.
                }
                catch (GrsaiTaskFailedException e) when (MayBeStaleReference(e))
                {
                    // Not the job's fault: it gets its one fresh upload and a submission that does not count as a retry.
                    context.Observer.Verbose(
                        $"Task {row.TaskId ?? e.TaskId} of {context.Describe(work)} failed ({e.Message}); the service may no longer "
                        + "read the image's recorded upload, so it is uploaded again and the job submitted again.");
                    Forget(e);
                    await RefreshReferenceAsync(e, cancellationToken).ConfigureAwait(false);
                    work.RunAttempts--;
                    context.Progress.Resubmitted();
                }
                catch (GrsaiTaskFailedException e) when (work.RunAttempts < maxAttempts)
                {
                    context.Observer.Verbose(
                        $"Task {row.TaskId ?? e.TaskId} of {context.Describe(work)} failed ({e.Message}); submitting again "
                        + $"(attempt {work.RunAttempts + 1} of {maxAttempts}).");
                    Forget(e);
                    context.Progress.Resubmitted();
                }
                catch (GrsaiTaskNotFoundException e) when (context.Manifest[Index].TaskId is { } gone && work.RunAttempts < maxAttempts)
                {
                    // Tasks live about two hours: a recorded one that is gone can only be generated anew, and paid for
                    // again. At once, not after a deadline; counted apart so the person sees what the delay cost.
                    context.Observer.Warning(
                        $"Task {gone} of {context.Describe(work)} has expired at the service (tasks live about two hours); "
                        + "submitting the job again, which is charged again.");
                    Forget(e);
                    context.Manifest.Update(Index, r => r with { ExpiredResubmissions = r.ExpiredResubmissions + 1 });
                    context.Progress.ExpiredResubmitted();
                }
            }
        }

        /// <summary>
        /// A failed task whose references may be the cause: an upload an earlier run recorded (the CDN may have dropped it),
        /// or one the service's error names. Once per job; not for inline data or URLs the caller gave.
        /// </summary>
        private bool MayBeStaleReference(GrsaiTaskFailedException e)
            => !work.ReferenceRefreshed && StaleReferences(e).Count > 0;

        /// <summary>The positions of the job's uploaded references that may be stale (see <see cref="MayBeStaleReference"/>).</summary>
        private List<int> StaleReferences(GrsaiTaskFailedException e)
        {
            var stale = new List<int>();
            var indexes = work.Job.ImageIndexes;
            for (var k = 0; k < indexes.Count && k < work.ImageUrls.Count; k++)
            {
                var url = work.ImageUrls[k];
                if (!url.StartsWith("data:", StringComparison.OrdinalIgnoreCase)
                    && (!uploads.UploadedThisRun(url) || e.Message.IndexOf(url, StringComparison.Ordinal) >= 0))
                {
                    stale.Add(k);
                }
            }

            return stale;
        }

        private async Task RefreshReferenceAsync(GrsaiTaskFailedException e, CancellationToken cancellationToken)
        {
            work.ReferenceRefreshed = true;
            var urls = work.ImageUrls.ToArray();
            foreach (var k in StaleReferences(e))
            {
                urls[k] = await uploads.RefreshAsync(work.Job.ImageIndexes[k], urls[k], cancellationToken)
                    .WithCancellation(cancellationToken).ConfigureAwait(false);
            }

            work.ImageUrls = urls;
            context.Manifest.Update(Index, r => r with
            {
                References = r.AllReferences()
                    .Select((reference, k) => k < urls.Length ? reference with { UploadUrl = urls[k], Upload = uploads.SentFor(urls[k]) ?? reference.Upload } : reference)
                    .ToList(),
                UploadUrl = urls[0],
                Upload = uploads.SentFor(urls[0]) ?? r.Upload,
            });
        }

        /// <summary>Credits reserved for the submission in progress (0 when none).</summary>
        private long reserved;

        /// <summary>
        /// Reserves this submission's price in the run's budget, or stops here (<see cref="BudgetSpentException"/>) when it
        /// does not fit: the job is then not started, its row untouched.
        /// </summary>
        private void Reserve(string model)
        {
            var price = Budget.CreditPrices.PerSubmission(model);
            if (price is null)
            {
                if (context.Budget.MaxCredits is not null)
                {
                    throw Budget.CreditPrices.Unknown(model, context.Wording.MaxCredits);
                }

                reserved = 0;
                return;
            }

            if (!context.Budget.TryReserve(price.Value))
            {
                throw new BudgetSpentException();
            }

            reserved = price.Value;
        }

        /// <summary>
        /// Gives the reservation back; returns false so it can sit in an exception filter and let the usual handler run.
        /// </summary>
        private bool ReleaseReservation()
        {
            if (reserved > 0)
            {
                context.Budget.Release(reserved);
                reserved = 0;
            }

            return false;
        }

        /// <summary>
        /// Answers that come before the service charges: a rejected key or request, a rate limit on the submission, or a
        /// task that failed with <c>error</c> (refunded). A lost answer is not one of them: it may have been charged.
        /// </summary>
        private static bool ChargedNothing(GrsaiException e)
            => e.DoomsKey || e is GrsaiRequestRejectedException || e is GrsaiValidationException || e is GrsaiTaskFailedException
               || (e is GrsaiTransientException transient && IsRateLimited(transient));

        private static bool IsRateLimited(GrsaiTransientException e) => e.StatusCode == (HttpStatusCode)429 && e.TaskId is null;

        /// <summary>Drops the recorded task so the next round submits a new one.</summary>
        private void Forget(GrsaiException reason)
            => context.Manifest.Update(Index, r => r with
            {
                TaskId = null,
                Api = null,
                KeyNumber = null,
                Status = ManifestJobStatus.Uploaded,
                ResultUrls = Array.Empty<string>(),
                ErrorId = reason.ErrorId,
                Error = reason.Message,
            });

        /// <summary>Marks the job (manifest and report) and counts it once in this run's summary.</summary>
        private void NoteMayHaveBeenCharged()
        {
            context.Manifest.Update(Index, r => r with { MayHaveBeenCharged = true });
            if (!work.MayHaveBeenCharged)
            {
                work.MayHaveBeenCharged = true;
                context.Progress.MayHaveBeenCharged();
            }
        }

        private async Task RecordTaskAsync(string taskId, CancellationToken cancellationToken)
        {
            context.Manifest.Update(Index, r => r with
            {
                TaskId = taskId,
                Api = key.Api == GrsaiApi.Draw ? null : key.Api,
                KeyNumber = key.Number,
                Status = ManifestJobStatus.Submitted,
                Attempts = r.Attempts + 1,
                ErrorId = null,
                Error = null,
            });

            // On disk before the client waits for the result: a crash from here on resumes by polling, never by paying again.
            await context.Manifest.PersistAsync(Index, cancellationToken).ConfigureAwait(false);
            context.Observer.Verbose($"Submitted {context.Describe(work)} as task {taskId} with {key.Name}.");
        }
    }

    /// <summary>The run's credit budget has no room for this submission: the job is left unsubmitted.</summary>
    internal sealed class BudgetSpentException : Exception
    {
        public BudgetSpentException()
            : base("The credit budget of this run is spent.")
        {
        }

        public BudgetSpentException(string message)
            : base(message)
        {
        }

        public BudgetSpentException(string message, Exception innerException)
            : base(message, innerException)
        {
        }
    }
}
