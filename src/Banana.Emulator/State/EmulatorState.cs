using Banana.Emulator.Faults;

namespace Banana.Emulator.State;

/// <summary>Everything one emulator instance knows: its settings, counters, fault rules, tasks, files and credits.</summary>
internal sealed class EmulatorState : IDisposable
{
    private readonly Lock gate = new();
    private EmulatorSettings settings;

    public EmulatorState(EmulatorSettings settings)
    {
        SettingsValidator.Validate(settings);
        this.settings = settings;
        Stats = new EmulatorStats();
        Faults = new FaultInjector(Stats);
        Faults.Replace(settings.Faults);
        Ledger = new CreditLedger();
        Files = new FileStore();
        Tasks = new TaskStore(Stats, Ledger);
    }

    public EmulatorSettings Settings => Volatile.Read(ref settings);

    public EmulatorStats Stats { get; }

    public FaultInjector Faults { get; }

    public CreditLedger Ledger { get; }

    public FileStore Files { get; }

    public TaskStore Tasks { get; }

    /// <summary>Applies a change; fault rules restart their counters only when the rule list itself changed.</summary>
    public void Configure(Func<EmulatorSettings, EmulatorSettings> change)
    {
        lock (gate)
        {
            var current = settings;
            var next = change(current);
            SettingsValidator.Validate(next);
            if (!ReferenceEquals(current.Faults, next.Faults))
            {
                Faults.Replace(next.Faults);
            }

            Volatile.Write(ref settings, next);
        }
    }

    public void AddFault(FaultRule rule)
    {
        SettingsValidator.Validate(rule);
        lock (gate)
        {
            Faults.Add(rule);
            Volatile.Write(ref settings, settings with { Faults = [.. settings.Faults, rule] });
        }
    }

    /// <summary>Clears counters, fault rules, tasks, files and spending; latencies, keys and balances stay configured.</summary>
    public void Reset()
    {
        lock (gate)
        {
            Faults.Replace([]);
            Volatile.Write(ref settings, settings with { Faults = [] });
            Tasks.Clear();
            Files.Clear();
            Ledger.Clear();
            Stats.Reset();
        }
    }

    public void Dispose() => Tasks.Dispose();
}
