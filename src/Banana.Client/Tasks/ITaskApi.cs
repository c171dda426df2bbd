using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Banana.Client.Tasks
{
    /// <summary>
    /// What differs between grsai's two generation APIs (draw, generate): how a task is submitted, how its stream is
    /// opened and how one poll is asked and read. Waiting, pacing, deadlines and outcomes are shared.
    /// </summary>
    internal interface ITaskApi
    {
        /// <summary>True when a whole but empty answer to a submission means the key was refused (the generate API's way).</summary>
        bool EmptyAnswerRejectsKey { get; }

        /// <summary>Submits in the mode whose short answer names the task, and returns its id; lost answers go to <paramref name="tally"/>.</summary>
        Task<string> SubmitAsync(GenerationRequest request, SubmissionTally tally, CancellationToken cancellationToken);

        /// <summary>Submits in stream mode: the successful response with its headers read and its body unread.</summary>
        Task<HttpResponseMessage> OpenStreamAsync(GenerationRequest request, SubmissionTally tally, CancellationToken cancellationToken);

        /// <summary>
        /// Asks once for the task. Null when the answer says nothing yet (not known to the service within the grace);
        /// throws <see cref="GrsaiTaskExpiredException"/> for a task that is gone, and the mapped exception for a refusal.
        /// Transient failures are thrown as <see cref="GrsaiTransientException"/>; the caller keeps polling through them.
        /// </summary>
        Task<TaskSnapshot?> PollOnceAsync(string taskId, PollState state, CancellationToken cancellationToken);
    }

    /// <summary>Where a task's polling stands: how long it has been polled, and whether this call submitted it.</summary>
    /// <param name="Waited">Time since polling began.</param>
    /// <param name="Fresh">
    /// True when the task was submitted moments ago by this very call, so "not found" may still mean "not yet";
    /// false for a task recorded earlier, which the service may have forgotten (tasks live about two hours).
    /// </param>
    internal readonly record struct PollState(TimeSpan Waited, bool Fresh);
}
