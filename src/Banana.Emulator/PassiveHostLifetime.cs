namespace Banana.Emulator;

/// <summary>A host lifetime that hooks no console signals: an in-process emulator stops only when disposed.</summary>
internal sealed class PassiveHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
