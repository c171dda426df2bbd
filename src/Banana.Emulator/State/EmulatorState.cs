using Banana.Emulator.Faults;

namespace Banana.Emulator.State;

/// <summary>Everything one emulator instance knows: its settings, counters, fault rules, tasks, files and credits.</summary>
internal sealed class EmulatorState : IDisposable
{
    private readonly Lock _gate = new();
    private EmulatorSettings _settings;

    public EmulatorState(EmulatorSettings settings)
    {
        SettingsValidator.Validate(settings);
        _settings = settings;
        Stats = new EmulatorStats();
        Faults = new FaultInjector(Stats);
        Faults.Replace(settings.Faults);
        Ledger = new CreditLedger();
        Files = new FileStore();
        Tasks = new TaskStore(Stats, Ledger, Timeline);
    }

    public EmulatorSettings Settings => Volatile.Read(ref _settings);

    public EmulatorStats Stats { get; }

    public EmulatorTimeline Timeline { get; } = new();

    public FaultInjector Faults { get; }

    public CreditLedger Ledger { get; }

    public FileStore Files { get; }

    public TaskStore Tasks { get; }

    /// <summary>Applies a change; fault rules restart their counters only when the rule list itself changed.</summary>
    public void Configure(Func<EmulatorSettings, EmulatorSettings> change)
    {
        lock (_gate)
        {
            var current = _settings;
            var next = change(current);
            SettingsValidator.Validate(next);
            if (!ReferenceEquals(current.Faults, next.Faults))
            {
                Faults.Replace(next.Faults);
            }

            Volatile.Write(ref _settings, next);
        }
    }

    public void AddFault(FaultRule rule)
    {
        SettingsValidator.Validate(rule);
        lock (_gate)
        {
            Faults.Add(rule);
            Volatile.Write(ref _settings, _settings with { Faults = [.. _settings.Faults, rule] });
        }
    }

    /// <summary>Clears counters, fault rules, tasks, files and spending; latencies, keys and balances stay configured.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            Faults.Replace([]);
            Volatile.Write(ref _settings, _settings with { Faults = [] });
            Tasks.Clear();
            Files.Clear();
            Ledger.Clear();
            Stats.Reset();
            Timeline.Reset();
        }
    }

    public void Dispose() => Tasks.Dispose();
}
