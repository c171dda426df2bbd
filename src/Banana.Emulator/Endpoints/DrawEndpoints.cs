using Banana.Emulator.Draw;
using Banana.Emulator.Faults;
using Banana.Emulator.Http;
using Banana.Emulator.State;

namespace Banana.Emulator.Endpoints;

/// <summary>grsai-api.md section 2: <c>POST /v1/draw/nano-banana</c>, answered as a stream or at once (<c>webHook: "-1"</c>).</summary>
internal sealed class DrawEndpoints(EmulatorState state)
{
    public void Map(IEndpointRouteBuilder app) => app.MapPost("/v1/draw/nano-banana", SubmitAsync);

    private async Task SubmitAsync(HttpContext context)
    {
        var body = await RequestBody.ReadJsonAsync<DrawRequestBody>(context).ConfigureAwait(false);
        if (body is null)
        {
            await RequestBody.RejectMalformed(context).ConfigureAwait(false);
            return;
        }

        var (job, error) = DrawJob.Validate(body);
        if (job is null)
        {
            await Reply.Error(context, -1, error!).ConfigureAwait(false);
            return;
        }

        var apiKey = ApiKeys.BearerOf(context)!;
        var settings = state.Settings;
        var streamed = string.IsNullOrEmpty(body.WebHook);
        var withProgress = streamed && !body.ShutProgress;
        var fault = state.Faults.TryFire(withProgress ? FaultStage.StreamSubmission : FaultStage.Submission, EmulatorEndpoint.Draw, apiKey);
        if (fault?.Kind == FaultKind.CreditsExhausted || !state.Ledger.TryReserve(settings, apiKey, job.Cost))
        {
            await Reply.Error(context, -1, "credits not enough").ConfigureAwait(false);
            return;
        }

        var (outcome, failsAtOnce) = PlanOutcome(context, body, settings, fault);
        var latency = failsAtOnce ? TimeSpan.Zero : settings.GenerationLatency;
        var compacted = job with { Urls = job.Urls.Select(ReferenceImages.Compact).ToArray() };
        var task = state.Tasks.Start(apiKey, compacted, outcome, latency, settings.ResultTtl);

        if (streamed)
        {
            await TaskStreamWriter.WriteAsync(context, task, withProgress, settings.ProgressFrames, fault?.Kind == FaultKind.StreamCut).ConfigureAwait(false);
        }
        else
        {
            await Reply.Success(context, new { id = task.Id }).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// How the task will end. Problems with the input (an unreachable reference, a moderated prompt) end it at
    /// once, as the service finds them before generating; injected failures end it after the usual latency.
    /// </summary>
    private (TaskOutcome Outcome, bool FailsAtOnce) PlanOutcome(
        HttpContext context, DrawRequestBody body, EmulatorSettings settings, FaultRule? fault)
    {
        if (ReferenceImages.FindUnreachable(body.Urls ?? [], context.Request, state.Files) is { } unreachable)
        {
            var shown = unreachable.StartsWith("data:", StringComparison.Ordinal) ? "an inline data URI" : unreachable;
            return (TaskOutcome.Failure("error", $"failed to fetch reference image: {shown}"), true);
        }

        if (settings.ModerationMarker.Length > 0 && body.Prompt!.Contains(settings.ModerationMarker, StringComparison.Ordinal))
        {
            return (TaskOutcome.Failure("input_moderation", "the prompt was refused by content moderation"), true);
        }

        return fault?.Kind switch
        {
            FaultKind.TaskError => (TaskOutcome.Failure("error", "generation failed, please try again (injected fault)"), false),
            FaultKind.OutputModeration => (TaskOutcome.Failure("output_moderation", "the generated image was refused by content moderation"), false),
            _ => (TaskOutcome.Success, false),
        };
    }
}
