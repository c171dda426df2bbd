using Banana.Emulator.Faults;
using Banana.Emulator.Http;
using Banana.Emulator.State;

namespace Banana.Emulator.Draw;

/// <summary>
/// What both APIs do with a valid request: let submission faults fire, take the credits, create the task. The
/// answer is each API's own; <see cref="TryAnswerChargedFaultAsync"/> writes the faults that strike after the charge.
/// </summary>
internal sealed class TaskSubmission(EmulatorState state)
{
    /// <summary>The running task and the fault that fired for it, or a null task when the key cannot pay (nothing charged).</summary>
    public (TaskRecord? Task, FaultRule? Fault) Submit(
        HttpContext context, ServiceApi api, EmulatorEndpoint endpoint, string apiKey, DrawJob job, bool streamedWithProgress)
    {
        var settings = state.Settings;
        var fault = state.Faults.TryFire(streamedWithProgress ? FaultStage.StreamSubmission : FaultStage.Submission, endpoint, apiKey);
        if (fault?.Kind == FaultKind.CreditsExhausted || !state.Ledger.TryReserve(settings, apiKey, job.Cost))
        {
            return (null, fault);
        }

        var (outcome, failsAtOnce) = PlanOutcome(context, job, settings, fault);
        var latency = failsAtOnce ? TimeSpan.Zero : settings.GenerationLatency;
        var compacted = job with { Urls = job.Urls.Select(ReferenceImages.Compact).ToArray() };
        return (state.Tasks.Start(api, apiKey, compacted, outcome, latency, settings), fault);
    }

    /// <summary>
    /// Answers the faults that come after the task was created and charged (lost answer, gateway 502/504) and
    /// counts them as lost answers; false when <paramref name="fault"/> is none of them.
    /// </summary>
    public async Task<bool> TryAnswerChargedFaultAsync(HttpContext context, TaskRecord task, FaultRule? fault)
    {
        switch (fault?.Kind)
        {
            case FaultKind.AnswerLost:
                state.Stats.AnswerLost(task.ApiKey);
                context.Abort();
                return true;
            case FaultKind.Http502AfterCharge:
                state.Stats.AnswerLost(task.ApiKey);
                await FaultResponses.WriteProxyPageAsync(context, StatusCodes.Status502BadGateway, "502 Bad Gateway").ConfigureAwait(false);
                return true;
            case FaultKind.Http504AfterCharge:
                state.Stats.AnswerLost(task.ApiKey);
                await FaultResponses.WriteProxyPageAsync(context, StatusCodes.Status504GatewayTimeout, "504 Gateway Time-out").ConfigureAwait(false);
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// How the task will end. Problems with the input (an unreachable reference, a moderated prompt) end it at
    /// once, as the service finds them before generating; injected failures end it after the usual latency.
    /// </summary>
    private (TaskOutcome Outcome, bool FailsAtOnce) PlanOutcome(HttpContext context, DrawJob job, EmulatorSettings settings, FaultRule? fault)
    {
        if (ReferenceImages.FindUnreachable(job.Urls, context.Request, state.Files) is { } unreachable)
        {
            var shown = unreachable.StartsWith("data:", StringComparison.Ordinal) ? "an inline data URI" : unreachable;
            return (TaskOutcome.Failure("error", $"failed to fetch reference image: {shown}"), true);
        }

        if (settings.ModerationMarker.Length > 0 && job.Prompt.Contains(settings.ModerationMarker, StringComparison.Ordinal))
        {
            return (TaskOutcome.Failure("input_moderation", "the prompt was refused by content moderation"), true);
        }

        return fault?.Kind switch
        {
            FaultKind.TaskError => (TaskOutcome.Failure("error", "generation failed, please try again (injected fault)"), false),
            FaultKind.OutputModeration => (TaskOutcome.Failure("output_moderation", "the generated image was refused by content moderation"), false),
            FaultKind.ForeignResultUrl => (TaskOutcome.Success with { ForeignResultUrl = fault.Address }, false),
            _ => (TaskOutcome.Success, false),
        };
    }
}
