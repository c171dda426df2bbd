namespace Banana.Emulator.Faults;

/// <summary>
/// Decides, request by request, whether a configured rule fires. Rules are tried in order and the first that
/// fires wins. Each rule keeps its own counters and seeded generator, so a given sequence of requests
/// always meets the same faults.
/// </summary>
internal sealed class FaultInjector
{
    private readonly Lock gate = new();
    private readonly EmulatorStats stats;
    private List<RuleState> rules = [];

    public FaultInjector(EmulatorStats stats) => this.stats = stats;

    public IReadOnlyList<FaultRule> Rules
    {
        get
        {
            lock (gate)
            {
                return rules.Select(r => r.Rule).ToArray();
            }
        }
    }

    /// <summary>Replaces every rule; their counters start afresh.</summary>
    public void Replace(IEnumerable<FaultRule> rules)
    {
        var fresh = rules.Select(r => new RuleState(r)).ToList();
        lock (gate)
        {
            this.rules = fresh;
        }
    }

    public void Add(FaultRule rule)
    {
        lock (gate)
        {
            rules.Add(new RuleState(rule));
        }
    }

    /// <summary>The rule that fires for this request at this stage, if any; counted in the stats when it does.</summary>
    public FaultRule? TryFire(FaultStage stage, EmulatorEndpoint endpoint, string? apiKey)
    {
        FaultRule? fired = null;
        lock (gate)
        {
            foreach (var state in rules)
            {
                if (state.TryFire(stage, endpoint, apiKey))
                {
                    fired = state.Rule;
                    break;
                }
            }
        }

        if (fired is not null)
        {
            stats.FaultInjected(fired.Kind);
        }

        return fired;
    }

    /// <summary>A rule with its progress; only touched under the injector's lock.</summary>
    private sealed class RuleState(FaultRule rule)
    {
        private readonly Random random = new(rule.Seed);
        private int matched;
        private int fired;

        public FaultRule Rule { get; } = rule;

        public bool TryFire(FaultStage stage, EmulatorEndpoint endpoint, string? apiKey)
        {
            if ((Rule.Endpoint != EmulatorEndpoint.Any && Rule.Endpoint != endpoint)
                || !FaultPlacement.Applies(Rule.Kind, stage, endpoint)
                || (Rule.ApiKey is not null && !string.Equals(Rule.ApiKey, apiKey, StringComparison.Ordinal)))
            {
                return false;
            }

            matched++;
            if (matched <= Rule.After || (Rule.Count is { } limit && fired >= limit))
            {
                return false;
            }

            // A probability rule draws for every eligible request, fired or not, so the sequence is reproducible.
            if (Rule.Probability is { } chance && random.NextDouble() >= chance)
            {
                return false;
            }

            fired++;
            return true;
        }
    }
}
