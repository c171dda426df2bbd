using Banana.Emulator.Faults;
using Banana.Emulator.State;

namespace Banana.Emulator.Http;

/// <summary>
/// The front door of every API request: counts it, lets entry faults fire (HTTP errors, drops, delays,
/// rejected keys), then checks the Bearer key where the real service wants one.
/// </summary>
internal sealed class RequestGate(EmulatorState state)
{
    /// <summary>Set on a generate request whose key a rule rejected: the endpoint answers it in its reply mode's shape.</summary>
    public const string KeyRejectedByFault = "banana.key-rejected-by-fault";

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (EndpointClassifier.Classify(context.Request.Path) is not { } endpoint)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var apiKey = ApiKeys.BearerOf(context);
        state.Stats.RequestReceived(endpoint, apiKey);
        if (state.Faults.TryFire(FaultStage.Entry, endpoint, apiKey) is { } fault)
        {
            if (fault.Kind == FaultKind.RejectedKey && endpoint == EmulatorEndpoint.Generate)
            {
                // The generate API answers a rejected key differently per replyType, which only its body tells.
                context.Items[KeyRejectedByFault] = true;
            }
            else if (await FaultResponses.TryWriteAsync(context, fault).ConfigureAwait(false))
            {
                return;
            }
            else
            {
                await Task.Delay(fault.DelayMs, context.RequestAborted).ConfigureAwait(false);
            }
        }

        // The credits query names its key in the body and checks it there; generate checks it after reading replyType.
        if (FaultPlacement.RequiresApiKey(endpoint) && endpoint is not (EmulatorEndpoint.Credits or EmulatorEndpoint.Generate)
            && !ApiKeys.IsAccepted(state.Settings, apiKey))
        {
            await Reply.InvalidApiKey(context).ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    }
}
