using Banana.Emulator.Draw;
using Banana.Emulator.Faults;
using Banana.Emulator.Http;
using Banana.Emulator.Imaging;
using Banana.Emulator.State;

namespace Banana.Emulator.Endpoints;

/// <summary>Polling (<c>POST /v1/draw/result</c>) and the result images (<c>GET /results/{id}.png</c>), which expire.</summary>
internal sealed class ResultEndpoints(EmulatorState state)
{
    private const string ImageSuffix = ".png";

    public void Map(IEndpointRouteBuilder app)
    {
        app.MapPost(ServiceRoutes.DrawResult, PollAsync);
        app.MapGet(ServiceRoutes.Results + "{name}", ServeResultAsync);
    }

    private async Task PollAsync(HttpContext context)
    {
        var request = await StrictRequest.ReadAsync(context, RequestSchema.Poll, state, EmulatorEndpoint.Result).ConfigureAwait(false);
        if (request.Refusal is { } refusal)
        {
            await Reply.Error(context, request.Malformed ? -4 : -1, refusal).ConfigureAwait(false);
            return;
        }

        var id = request.String("id");
        if (string.IsNullOrWhiteSpace(id))
        {
            StrictRequest.Refuse(state, EmulatorEndpoint.Result, "id is required");
            await Reply.Error(context, -1, "id is required").ConfigureAwait(false);
            return;
        }

        // A task is visible only to the key that submitted it, so a client polling with the wrong key finds out;
        // an expired task or one of the generate API is "not found" as well.
        var apiKey = ApiKeys.BearerOf(context);
        if (state.Tasks.FindLive(id, ServiceApi.Draw, state.Settings.TaskTtl) is not { } task
            || !string.Equals(task.ApiKey, apiKey, StringComparison.Ordinal)
            || state.Faults.TryFire(FaultStage.Poll, EmulatorEndpoint.Result, apiKey) is not null)
        {
            await Reply.Error(context, -22, "task not found").ConfigureAwait(false);
            return;
        }

        state.Stats.PollAnswered();
        await Reply.Success(context, TaskSnapshotBody.Of(task, RequestBody.BaseUrlOf(context.Request))).ConfigureAwait(false);
    }

    private async Task ServeResultAsync(HttpContext context)
    {
        var name = (string?)context.Request.RouteValues["name"] ?? string.Empty;
        var id = name.EndsWith(ImageSuffix, StringComparison.OrdinalIgnoreCase) ? name[..^ImageSuffix.Length] : name;
        var served = await ByteServing.ServeAsync(context, state, EmulatorEndpoint.Results, () => Render(id)).ConfigureAwait(false);
        if (served)
        {
            state.Stats.DownloadServed();
        }
    }

    /// <summary>The image of a succeeded task whose result has not expired yet, drawn afresh.</summary>
    private (byte[] Bytes, string ContentType)? Render(string name)
    {
        // "<id>~<n>" is the task's n-th result (n from 2 to its result count); each draws differently.
        var separator = name.LastIndexOf(TaskResultBody.NumberSeparator);
        var id = separator < 0 ? name : name[..separator];
        var number = 1;
        if (separator >= 0 && !(int.TryParse(name.AsSpan(separator + 1), System.Globalization.NumberStyles.None,
            System.Globalization.CultureInfo.InvariantCulture, out number) && number >= 2))
        {
            return null;
        }

        if (state.Tasks.Find(id) is not { IsFinished: true, Outcome.Succeeds: true } task || number > task.ResultCount
            || DateTimeOffset.UtcNow - task.FinishedAt >= state.Settings.ResultTtl)
        {
            return null;
        }

        return (ResultImageRenderer.Render(number == 1 ? task.Id : name, task.Job.Prompt, task.Job.AspectRatio, task.Job.ImageSize), "image/png");
    }

}
