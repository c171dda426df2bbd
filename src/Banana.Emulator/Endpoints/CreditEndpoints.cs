using Banana.Emulator.Faults;
using Banana.Emulator.Http;
using Banana.Emulator.State;

namespace Banana.Emulator.Endpoints;

/// <summary>docs/protocol.md#credits: <c>POST /client/openapi/getAPIKeyCredits</c> with the key in the body.</summary>
internal sealed class CreditEndpoints(EmulatorState state)
{
    public void Map(IEndpointRouteBuilder app) => app.MapPost(ServiceRoutes.Credits, QueryAsync);

    private async Task QueryAsync(HttpContext context)
    {
        var request = await StrictRequest.ReadAsync(context, RequestSchema.Credits, state, EmulatorEndpoint.Credits).ConfigureAwait(false);
        if (request.Refusal is { } refusal)
        {
            await Reply.Error(context, request.Malformed ? -4 : -1, refusal).ConfigureAwait(false);
            return;
        }

        var apiKey = request.String("apiKey") is { Length: > 0 } inBody ? inBody : ApiKeys.BearerOf(context);
        var settings = state.Settings;
        if (!ApiKeys.IsAccepted(settings, apiKey))
        {
            await Reply.InvalidApiKey(context).ConfigureAwait(false);
            return;
        }

        var exhausted = state.Faults.TryFire(FaultStage.CreditsQuery, EmulatorEndpoint.Credits, apiKey) is not null;
        var credits = exhausted ? 0 : Math.Max(0, state.Ledger.Balance(settings, apiKey!));
        await Reply.Success(context, new { credits }).ConfigureAwait(false);
    }
}
