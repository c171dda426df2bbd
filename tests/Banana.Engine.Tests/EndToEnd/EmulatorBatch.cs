using Banana.Client;
using System.Text.Json;
using Banana.Emulator;
using Banana.Engine.Tests.Support;
using Banana.Engine.Hosting;

namespace Banana.Engine.Tests.EndToEnd;

/// <summary>An emulator, an input folder and an output folder for one batch test, with the real client.</summary>
internal sealed class EmulatorBatch : IAsyncDisposable
{
    public const string Key = "sk-engine-test-secret-0001";

    private EmulatorBatch(EmulatorServer server, ScratchFolder temp)
    {
        Server = server;
        Temp = temp;
    }

    public EmulatorServer Server { get; }
    public ScratchFolder Temp { get; }
    public string Input => Temp.Combine("input");
    public string Output => Temp.Combine("out");
    public string ManifestPath => Path.Combine(Output, "banana-manifest.json");

    public static async Task<EmulatorBatch> StartAsync(EmulatorSettings? settings = null, GrsaiApi api = GrsaiApi.Draw)
        => new(await EmulatorServer.StartAsync(settings ?? new EmulatorSettings()), new ScratchFolder()) { Api = api };

    public BatchOptions Options() => new()
    {
        InputPath = Input,
        OutputPath = Output,
        GenerationConcurrency = 3,
    };

    /// <summary>The API the next batch of this instance submits with (the product's default: draw).</summary>
    public GrsaiApi Api { get; set; } = GrsaiApi.Draw;

    /// <summary>
    /// The emulator's address, <paramref name="keys"/> (else <see cref="Key"/>), <see cref="Api"/>, and fast polls and
    /// retries: the emulator's tasks take milliseconds, so the first poll must not wait out a real model's 15 s.
    /// </summary>
    public EngineSettings Settings(params string[] keys) => new()
    {
        Connection = new ConnectionSettings(keys.Length == 0 ? [Key] : keys, Server.BaseUri, Api),
        Wording = TestWording.Instance,
        ClientTuning = new GrsaiClientOptions
        {
            PollInterval = TimeSpan.FromMilliseconds(20),
            MaxFirstPollDelay = TimeSpan.FromMilliseconds(20),
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
            MaxRetryDelay = TimeSpan.FromMilliseconds(50),
            NotFoundGrace = TimeSpan.FromMilliseconds(200),
        },
    };

    public BananaEngine Engine(IBatchObserver observer, EngineSettings? settings = null) => new(settings ?? Settings(), observer);

    public async Task<(BatchSummary Summary, RecordingObserver Observer)> RunAsync(
        BatchOptions? options = null, CancellationToken cancellationToken = default, string[]? keys = null)
    {
        var observer = new RecordingObserver();
        var summary = await Engine(observer, Settings(keys ?? [])).RunBatchAsync(options ?? Options(), cancellationToken);
        return (summary, observer);
    }

    public JsonElement ReadManifest()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(ManifestPath));
        return document.RootElement.Clone();
    }

    public IEnumerable<JsonElement> ManifestJobs() => ReadManifest().GetProperty("jobs").EnumerateArray();

    public string[] OutputPngs() => Directory.GetFiles(Output, "*.png").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

    /// <summary>Everything the batch wrote, as text, to search for the key.</summary>
    public string AllWrittenText() => string.Join("\n", Directory.GetFiles(Output).Select(f => File.ReadAllText(f)));

    public long MostSubmissionsOfOneJob() => Server.Stats.SubmissionsBySignature.Values.DefaultIfEmpty(0).Max();

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Temp.Dispose();
    }
}
