namespace Banana.Emulator.State;

/// <summary>
/// What each key has spent since the last reset. A key's balance is its configured credits less its spending,
/// so configuring a balance mid-run takes effect at once. A submission reserves the cost; a failed task gives
/// it back, so concurrent submissions can never overdraw a key.
/// </summary>
internal sealed class CreditLedger
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, long> spent = new(StringComparer.Ordinal);

    public long Balance(EmulatorSettings settings, string apiKey)
    {
        lock (gate)
        {
            return Configured(settings, apiKey) - spent.GetValueOrDefault(apiKey);
        }
    }

    /// <summary>Takes <paramref name="cost"/> from the key; false (and nothing taken) when the balance is too low.</summary>
    public bool TryReserve(EmulatorSettings settings, string apiKey, long cost)
    {
        lock (gate)
        {
            var spent = this.spent.GetValueOrDefault(apiKey);
            if (Configured(settings, apiKey) - spent < cost)
            {
                return false;
            }

            this.spent[apiKey] = spent + cost;
            return true;
        }
    }

    public void Refund(string apiKey, long cost)
    {
        lock (gate)
        {
            spent[apiKey] = spent.GetValueOrDefault(apiKey) - cost;
        }
    }

    public void Clear()
    {
        lock (gate)
        {
            spent.Clear();
        }
    }

    private static long Configured(EmulatorSettings settings, string apiKey)
        => settings.Credits.TryGetValue(apiKey, out var credits) ? credits : settings.DefaultCredits;
}
