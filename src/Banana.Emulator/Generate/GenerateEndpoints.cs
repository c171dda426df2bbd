using Banana.Emulator.Draw;
using Banana.Emulator.Faults;
using Banana.Emulator.Http;
using Banana.Emulator.State;

namespace Banana.Emulator.Generate;

/// <summary>
/// docs/protocol.md#generate-api: <c>POST /v1/api/generate</c> (<c>replyType</c> json, stream or async) and
/// <c>GET /v1/api/result?id=</c>. Answers are the task at top level; errors are HTTP 400 with a task-shaped body.
/// </summary>
internal sealed class GenerateEndpoints(EmulatorState state)
{
    private const string Async = "async";
    private const string Json = "json";
    private const string Stream = "stream";

    private readonly TaskSubmission submission = new(state);

    public void Map(IEndpointRouteBuilder app)
    {
        app.MapPost(ServiceRoutes.Generate, SubmitAsync);
        app.MapGet(ServiceRoutes.GenerateResult, ResultAsync);
    }

    private async Task SubmitAsync(HttpContext context)
    {
        var request = await StrictRequest.ReadAsync(context, RequestSchema.Generate, state, EmulatorEndpoint.Generate).ConfigureAwait(false);
        var replyType = request.String("replyType") ?? Json;
        var apiKey = ApiKeys.BearerOf(context);
        var settings = state.Settings;
        if (context.Items.ContainsKey(RequestGate.KeyRejectedByFault) || !ApiKeys.IsAccepted(settings, apiKey))
        {
            // What public clients saw: a 400 naming the key, except in async mode, where the answer is an empty 200.
            if (replyType == Async)
            {
                context.Response.StatusCode = StatusCodes.Status200OK;
                context.Response.ContentLength = 0;
                return;
            }

            await RefuseAsync(context, "apikey error").ConfigureAwait(false);
            return;
        }

        if (request.Refusal is { } refusal)
        {
            await RefuseAsync(context, refusal).ConfigureAwait(false);
            return;
        }

        if (replyType is not (Async or Json or Stream))
        {
            var reason = $"replyType must be json, stream or async, not '{replyType}'";
            StrictRequest.Refuse(state, EmulatorEndpoint.Generate, reason);
            await RefuseAsync(context, reason).ConfigureAwait(false);
            return;
        }

        var (job, error) = DrawJob.Validate(settings, request, "images");
        if (job is null)
        {
            StrictRequest.Refuse(state, EmulatorEndpoint.Generate, error!);
            await RefuseAsync(context, error!).ConfigureAwait(false);
            return;
        }

        var (task, fault) = submission.Submit(context, ServiceApi.Generate, EmulatorEndpoint.Generate, apiKey!, job, replyType == Stream);
        if (task is null)
        {
            await RefuseAsync(context, "credits not enough").ConfigureAwait(false);
            return;
        }

        if (await submission.TryAnswerChargedFaultAsync(context, task, fault).ConfigureAwait(false))
        {
            return;
        }

        await AnswerAsync(context, task, replyType, fault).ConfigureAwait(false);
    }

    private async Task AnswerAsync(HttpContext context, TaskRecord task, string replyType, FaultRule? fault)
    {
        var duplicate = fault?.Kind == FaultKind.DuplicateAnswer;
        if (replyType == Stream)
        {
            var plan = new StreamPlan(WithProgress: true, state.Settings.ProgressFrames, fault?.Kind == FaultKind.StreamCut, duplicate);
            await TaskStreamWriter.WriteAsync(context, task, GenerateTaskShape.Instance, plan).ConfigureAwait(false);
            return;
        }

        object body;
        var status = StatusCodes.Status200OK;
        if (replyType == Async)
        {
            body = new { id = task.Id, status = GenerateTaskBody.Running };
        }
        else
        {
            await task.Finished.WaitAsync(context.RequestAborted).ConfigureAwait(false);
            var final = GenerateTaskBody.Of(task, RequestBody.BaseUrlOf(context.Request));
            body = final;

            // A task that did not succeed comes back in json mode as HTTP 400 with the task itself.
            status = final.Status == GenerateTaskBody.Succeeded ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest;
        }

        await (duplicate ? Reply.JsonTwice(context, body, status) : Reply.Json(context, body, status)).ConfigureAwait(false);
    }

    /// <summary>The key is not checked here (docs/protocol.md#generate-result); an unknown, expired or draw-API id is a 404.</summary>
    private async Task ResultAsync(HttpContext context)
    {
        string? id = context.Request.Query["id"];
        var apiKey = ApiKeys.BearerOf(context);
        if (string.IsNullOrWhiteSpace(id)
            || state.Tasks.FindLive(id, ServiceApi.Generate, state.Settings.TaskTtl) is not { } task
            || state.Faults.TryFire(FaultStage.Poll, EmulatorEndpoint.GenerateResult, apiKey) is not null)
        {
            await Reply.Json(context, new { error = "result not exist, valid for 2 hours" }, StatusCodes.Status404NotFound).ConfigureAwait(false);
            return;
        }

        state.Stats.PollAnswered();
        await Reply.Json(context, GenerateTaskBody.Of(task, RequestBody.BaseUrlOf(context.Request))).ConfigureAwait(false);
    }

    /// <summary>An answer that names no task (refused request, rejected key, too few credits), in the shape public clients saw.</summary>
    private static Task RefuseAsync(HttpContext context, string error)
        => Reply.Json(context, new { id = string.Empty, status = "failed", error }, StatusCodes.Status400BadRequest);
}
