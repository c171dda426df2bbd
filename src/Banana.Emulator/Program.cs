using Banana.Emulator;
using Banana.Emulator.Configuration;

EmulatorCommandLine commandLine;
try
{
    commandLine = EmulatorCommandLine.Parse(args);
}
catch (ArgumentException ex)
{
    await Console.Error.WriteLineAsync(ex.Message).ConfigureAwait(false);
    await Console.Error.WriteLineAsync(EmulatorCommandLine.Usage).ConfigureAwait(false);
    return 2;
}

await using var server = await EmulatorServer.StartAsync(commandLine.Port, commandLine.Settings, logWarnings: true, CancellationToken.None)
    .ConfigureAwait(false);

// Scripts wait for exactly this line to learn the address, so it goes out whole and at once.
await Console.Out.WriteLineAsync($"Banana emulator listening on {server.BaseUri.GetLeftPart(UriPartial.Authority)}").ConfigureAwait(false);
await Console.Out.FlushAsync().ConfigureAwait(false);

await server.WaitForShutdownAsync(CancellationToken.None).ConfigureAwait(false);
return 0;
