using Banana.Emulator.Draw;
using Banana.Emulator.Http;
using Banana.Emulator.State;

namespace Banana.Emulator.Endpoints;

/// <summary>docs/protocol.md#draw: <c>POST /v1/draw/nano-banana</c>, answered as a stream or at once (<c>webHook: "-1"</c>).</summary>
internal sealed class DrawEndpoints(EmulatorState state)
{
    private readonly TaskSubmission submission = new(state);

    public void Map(IEndpointRouteBuilder app) => app.MapPost(ServiceRoutes.DrawSubmit, SubmitAsync);

    private async Task SubmitAsync(HttpContext context)
    {
        var request = await StrictRequest.ReadAsync(context, RequestSchema.Draw, state, EmulatorEndpoint.Draw).ConfigureAwait(false);
        if (request.Refusal is { } refusal)
        {
            await Reply.Error(context, request.Malformed ? -4 : -1, refusal).ConfigureAwait(false);
            return;
        }

        var settings = state.Settings;
        var (job, error) = DrawJob.Validate(settings, request, "urls");
        if (job is null)
        {
            StrictRequest.Refuse(state, EmulatorEndpoint.Draw, error!);
            await Reply.Error(context, -1, error!).ConfigureAwait(false);
            return;
        }

        var apiKey = ApiKeys.BearerOf(context)!;
        var streamed = string.IsNullOrEmpty(request.String("webHook"));
        var withProgress = streamed && !request.Boolean("shutProgress");
        var (task, fault) = submission.Submit(context, ServiceApi.Draw, EmulatorEndpoint.Draw, apiKey, job, withProgress);
        if (task is null)
        {
            await Reply.Error(context, -1, "credits not enough").ConfigureAwait(false);
            return;
        }

        if (await submission.TryAnswerChargedFaultAsync(context, task, fault).ConfigureAwait(false))
        {
            return;
        }

        var duplicate = fault?.Kind == FaultKind.DuplicateAnswer;
        if (streamed)
        {
            var plan = new StreamPlan(withProgress, settings.ProgressFrames, fault?.Kind == FaultKind.StreamCut, duplicate);
            await TaskStreamWriter.WriteAsync(context, task, DrawTaskShape.Instance, plan).ConfigureAwait(false);
        }
        else if (duplicate)
        {
            await Reply.JsonTwice(context, Reply.SuccessBody(new { id = task.Id })).ConfigureAwait(false);
        }
        else
        {
            await Reply.Success(context, new { id = task.Id }).ConfigureAwait(false);
        }
    }
}
