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
        /// Asks once for the task. Null when the service does not know it and that is not believed yet (see
        /// <see cref="PollState.ConfirmsGone"/>); nothing else returns null;
        /// throws <see cref="GrsaiTaskExpiredException"/> for a task that is gone, and the mapped exception for a refusal.
        /// Transient failures are thrown as <see cref="GrsaiTransientException"/>; the caller keeps polling through them.
        /// </summary>
        Task<TaskSnapshot?> PollOnceAsync(string taskId, PollState state, CancellationToken cancellationToken);
    }

    /// <summary>
    /// Where a task's polling stands, for judging a "not found" answer: how long the service has answered "not found"
    /// without a break (counting this answer if it is one), and whether this call submitted the task.
    /// </summary>
    /// <param name="NotFoundFor">Time since the first of the unbroken "not found" answers before this one; zero if none.</param>
    /// <param name="NotFoundAnswers">Unbroken "not found" answers, this one included if it is one.</param>
    /// <param name="Fresh">
    /// True when the task was submitted moments ago by this very call, so "not found" may still mean "not yet";
    /// false for a task recorded earlier, which the service may have forgotten (tasks live about two hours).
    /// </param>
    internal readonly record struct PollState(TimeSpan NotFoundFor, int NotFoundAnswers, bool Fresh)
    {
        /// <summary>"Not found" answers in a row it takes to believe one: a single one may be a replica's hiccup.</summary>
        public const int AnswersToTrust = 3;

        /// <summary>
        /// How long "not found" must last for a recorded task: it is long past the moment after submission when the
        /// service may not know it yet, so a few polls confirm it is gone instead of a minute per forgotten task.
        /// </summary>
        public static readonly TimeSpan RecordedTaskGrace = TimeSpan.FromSeconds(5);

        /// <summary>
        /// True when the "not found" answers have lasted the grace (<paramref name="notFoundGrace"/> for a fresh task,
        /// at most <see cref="RecordedTaskGrace"/> for a recorded one) and come <see cref="AnswersToTrust"/> times in a
        /// row: the task is gone. Judged on the unbroken run, never on how long polling took, so a slow or stalled
        /// machine cannot turn one stray answer into a task paid for again.
        /// </summary>
        public bool ConfirmsGone(TimeSpan notFoundGrace)
            => NotFoundAnswers >= AnswersToTrust && NotFoundFor >= Grace(notFoundGrace);

        public TimeSpan Grace(TimeSpan notFoundGrace)
            => Fresh || notFoundGrace < RecordedTaskGrace ? notFoundGrace : RecordedTaskGrace;
    }
}
