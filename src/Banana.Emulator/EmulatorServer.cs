using System.Net;
using Banana.Emulator.Endpoints;
using Banana.Emulator.Http;
using Banana.Emulator.State;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;

namespace Banana.Emulator;

/// <summary>
/// A running emulator on 127.0.0.1. Tests start one each (port 0 picks a free port); every instance has its
/// own state, so many can run side by side in one process.
/// </summary>
public sealed class EmulatorServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly EmulatorState state;

    private EmulatorServer(WebApplication app, EmulatorState state, Uri baseUri)
    {
        this.app = app;
        this.state = state;
        BaseUri = baseUri;
    }

    /// <summary>The address to give clients, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUri { get; }

    /// <summary>Live counters of what clients did.</summary>
    public EmulatorStats Stats => state.Stats;

    /// <summary>The settings in force now.</summary>
    public EmulatorSettings Settings => state.Settings;

    /// <summary>Starts an emulator on a free loopback port.</summary>
    public static Task<EmulatorServer> StartAsync(EmulatorSettings? settings = null, CancellationToken cancellationToken = default)
        => StartAsync(port: 0, settings, cancellationToken);

    /// <summary>Starts an emulator on the given loopback port (0: a free one).</summary>
    public static Task<EmulatorServer> StartAsync(int port, EmulatorSettings? settings = null, CancellationToken cancellationToken = default)
        => StartAsync(port, settings ?? new EmulatorSettings(), logWarnings: false, cancellationToken);

    /// <summary>Replaces the settings. Fault rules restart their counters when the rule list changes.</summary>
    public void Configure(EmulatorSettings settings) => state.Configure(_ => settings);

    /// <summary>Changes the settings, e.g. <c>Configure(s =&gt; s with { GenerationLatency = TimeSpan.FromSeconds(1) })</c>.</summary>
    public void Configure(Func<EmulatorSettings, EmulatorSettings> change) => state.Configure(change);

    /// <summary>Adds one fault rule after the existing ones.</summary>
    public void AddFault(FaultRule rule) => state.AddFault(rule);

    /// <summary>
    /// Ends the lifetime of every task there is now, as two hours passing would: polls answer -22 (draw) or 404
    /// (generate). Tasks submitted afterwards live normally. Result images keep their own lifetime.
    /// </summary>
    public void ExpireTasks() => state.Tasks.ExpireAll();

    /// <summary>Clears counters, fault rules, tasks, uploaded files and credit spending; other settings stay.</summary>
    public void Reset() => state.Reset();

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
        state.Dispose();
    }

    /// <summary>Completes when the host is asked to stop (Ctrl+C or SIGTERM for the command line).</summary>
    internal Task WaitForShutdownAsync(CancellationToken cancellationToken) => app.WaitForShutdownAsync(cancellationToken);

    internal static async Task<EmulatorServer> StartAsync(int port, EmulatorSettings settings, bool logWarnings, CancellationToken cancellationToken)
    {
        var state = new EmulatorState(settings);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        builder.Logging.ClearProviders();
        if (logWarnings)
        {
            // Warnings only, and on stderr: stdout carries nothing but the "listening" line.
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        }
        else
        {
            // In process the test host owns Ctrl+C; the emulator only stops when disposed.
            builder.Services.AddSingleton<IHostLifetime, PassiveHostLifetime>();
        }

        var app = builder.Build();
        // The prefix is stripped before routing runs, so the endpoints below match with or without one.
        app.Use(new PathPrefixGate(state).InvokeAsync);
        app.UseRouting();
        var gate = new RequestGate(state);
        app.Use(gate.InvokeAsync);
        new UploadEndpoints(state).Map(app);
        new DrawEndpoints(state).Map(app);
        new Generate.GenerateEndpoints(state).Map(app);
        new ResultEndpoints(state).Map(app);
        new CreditEndpoints(state).Map(app);
        new ControlEndpoints(state).Map(app);

        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            state.Dispose();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new EmulatorServer(app, state, new Uri(address.TrimEnd('/') + "/"));
    }
}
