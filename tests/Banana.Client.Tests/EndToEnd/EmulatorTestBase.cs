using Banana.Client.Tests.Fakes;
using Banana.Emulator;
using Xunit;

namespace Banana.Client.Tests.EndToEnd;

/// <summary>Each test gets its own emulator on a free loopback port, and a client with fast retries pointed at it.</summary>
public abstract class EmulatorTestBase : IAsyncLifetime
{
    private EmulatorServer? emulator;

    protected EmulatorServer Emulator => emulator ?? throw new InvalidOperationException("The emulator is not started.");

    protected List<string> Log { get; } = [];

    protected List<RetryNotice> Retries { get; } = [];

    protected DirectoryInfo Folder { get; } = Directory.CreateTempSubdirectory("banana-e2e-");

    public async Task InitializeAsync() => emulator = await EmulatorServer.StartAsync(new EmulatorSettings());

    private readonly List<(FaultKind Kind, int? Count)> injected = [];

    public async Task DisposeAsync()
    {
        try
        {
            // A fault test that never met its fault proves nothing: every injected rule must have fired (all of its
            // count when it has one). Checked here so no test can forget it.
            if (emulator is not null)
            {
                foreach (var group in injected.GroupBy(rule => rule.Kind))
                {
                    var fired = emulator.Stats.FaultsInjected(group.Key);
                    var expected = group.All(rule => rule.Count is not null) ? group.Sum(rule => rule.Count!.Value) : 1;
                    Assert.True(
                        group.Any(rule => rule.Count is null) ? fired >= expected : fired == expected,
                        $"the injected {group.Key} fault fired {fired} time(s), expected {(group.Any(rule => rule.Count is null) ? "at least " : string.Empty)}{expected}");
                }
            }
        }
        finally
        {
            if (emulator is not null)
            {
                await emulator.DisposeAsync();
            }

            Folder.Delete(recursive: true);
        }
    }

    /// <summary>Stream mode unless asked: most tests here are about what a stream can do wrong.</summary>
    protected GrsaiClientOptions Options(string apiKey = TestSetup.ApiKey, SubmitMode mode = SubmitMode.Stream)
    {
        var options = TestSetup.Options(Emulator.BaseUri, Log, Retries, mode);
        options.ApiKey = apiKey;
        options.MaxRetryDelay = TimeSpan.FromSeconds(3);
        return options;
    }

    /// <summary>A client on the shared HttpClient, as production uses it.</summary>
    protected GrsaiClient Client(GrsaiClientOptions? options = null) => new(options ?? Options());

    /// <summary>Adds a fault rule; the test fails at its end unless the fault fired (<c>count</c> times when given).</summary>
    protected void Inject(FaultKind kind, EmulatorEndpoint endpoint, int? count = null)
    {
        Emulator.AddFault(new FaultRule { Kind = kind, Endpoint = endpoint, Count = count });
        injected.Add((kind, count));
    }

    protected async Task<string> WriteImageAsync(string name, byte shade = 0x40)
    {
        var path = Path.Combine(Folder.FullName, name);
        await File.WriteAllBytesAsync(path, TestImages.GreyPng(shade));
        return path;
    }

    protected static GenerationRequest Request(string url, string prompt = "换一个自然休闲优雅的pose")
        => new(ModelCatalog.DefaultModel, prompt, [url], ModelCatalog.DefaultAspectRatio, null);

    /// <summary>Text to image: no reference the emulator would have to fetch.</summary>
    protected static GenerationRequest TextOnly(string prompt = "a quiet banana on a wooden table")
        => new(ModelCatalog.DefaultModel, prompt, [], ModelCatalog.DefaultAspectRatio, null);

    protected string[] FilesIn(string folder) => Directory.GetFiles(folder).Select(Path.GetFileName).ToArray()!;
}
