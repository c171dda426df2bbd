using Banana.Emulator.Faults;
using Banana.Emulator.State;

namespace Banana.Emulator.Http;

/// <summary>
/// The front door of every API request: counts it, lets entry faults fire (HTTP errors, drops, delays,
/// rejected keys), then checks the Bearer key where the real service wants one.
/// </summary>
internal sealed class RequestGate(EmulatorState state)
{
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (EndpointClassifier.Classify(context.Request.Path) is not { } endpoint)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        state.Stats.RequestReceived(endpoint);
        state.Timeline.RequestReceived();
        var apiKey = ApiKeys.BearerOf(context);
        if (state.Faults.TryFire(FaultStage.Entry, endpoint, apiKey) is { } fault)
        {
            if (await FaultResponses.TryWriteAsync(context, fault).ConfigureAwait(false))
            {
                return;
            }

            await Task.Delay(fault.DelayMs, context.RequestAborted).ConfigureAwait(false);
        }

        // The credits query names its key in the body and checks it there.
        if (FaultPlacement.RequiresApiKey(endpoint) && endpoint != EmulatorEndpoint.Credits
            && !ApiKeys.IsAccepted(state.Settings, apiKey))
        {
            await Reply.InvalidApiKey(context).ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    }
}
