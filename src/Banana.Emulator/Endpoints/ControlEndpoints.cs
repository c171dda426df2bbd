using Banana.Emulator.Configuration;
using Banana.Emulator.Http;
using Banana.Emulator.State;

namespace Banana.Emulator.Endpoints;

/// <summary>
/// <c>/_emulator/*</c>: how out-of-process tests read the counters and change the behaviour of a running
/// emulator. Not authenticated, never faulted, never counted.
/// </summary>
internal sealed class ControlEndpoints(EmulatorState state)
{
    public void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/_emulator/stats", context => Reply.Json(context, state.Stats.Snapshot()));
        app.MapGet("/_emulator/timeline", context => Reply.Json(context, state.Timeline.Snapshot()));
        app.MapGet("/_emulator/config", context => Reply.Json(context, EmulatorConfigDocument.From(state.Settings)));
        app.MapPost("/_emulator/config", ConfigureAsync);
        app.MapPost("/_emulator/faults", AddFaultAsync);
        app.MapPost("/_emulator/expire-tasks", context =>
        {
            state.Tasks.ExpireAll();
            return Reply.Json(context, new { expired = true });
        });
        // The timeline alone starts over, the service's tasks and files stay: a benchmark times a resumed batch
        // against the same service that ran the batch first, as a real resume would be.
        app.MapPost("/_emulator/timeline/reset", context =>
        {
            state.Timeline.Reset();
            return Reply.Json(context, new { reset = true });
        });
        app.MapPost("/_emulator/reset", context =>
        {
            state.Reset();
            return Reply.Json(context, new { reset = true });
        });
    }

    private async Task ConfigureAsync(HttpContext context)
    {
        var document = await RequestBody.ReadJsonAsync<EmulatorConfigDocument>(context).ConfigureAwait(false);
        if (document is null)
        {
            await Reply.Json(context, new { error = "the body must be a JSON settings object (see README)" }, StatusCodes.Status400BadRequest)
                .ConfigureAwait(false);
            return;
        }

        try
        {
            state.Configure(document.ApplyTo);
        }
        catch (ArgumentException ex)
        {
            await Reply.Json(context, new { error = ex.Message }, StatusCodes.Status400BadRequest).ConfigureAwait(false);
            return;
        }

        await Reply.Json(context, EmulatorConfigDocument.From(state.Settings)).ConfigureAwait(false);
    }

    private async Task AddFaultAsync(HttpContext context)
    {
        var rule = await RequestBody.ReadJsonAsync<FaultRule>(context).ConfigureAwait(false);
        if (rule is null)
        {
            await Reply.Json(context, new { error = "the body must be one fault rule (see README)" }, StatusCodes.Status400BadRequest)
                .ConfigureAwait(false);
            return;
        }

        try
        {
            state.AddFault(rule);
        }
        catch (ArgumentException ex)
        {
            await Reply.Json(context, new { error = ex.Message }, StatusCodes.Status400BadRequest).ConfigureAwait(false);
            return;
        }

        await Reply.Json(context, EmulatorConfigDocument.From(state.Settings)).ConfigureAwait(false);
    }
}
