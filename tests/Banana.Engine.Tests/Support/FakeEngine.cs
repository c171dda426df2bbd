using Banana.Client;
using Xunit;
using Banana.Engine.Hosting;

namespace Banana.Engine.Tests.Support;

/// <summary>An engine whose every key talks to one fake client.</summary>
internal static class FakeEngine
{
    public static BananaEngine For(IGrsaiClient client, IBatchObserver observer, params string[] keys)
        => new(
            new EngineSettings
            {
                Connection = new ConnectionSettings(keys.Length == 0 ? ["sk-test"] : keys, new Uri("https://api.example")),
                Wording = TestWording.Instance,
            },
            observer,
            _ => client);
}

/// <summary>Feeds jobs to an engine's <see cref="GenerationStream"/> in order and collects every result.</summary>
internal static class StreamRun
{
    public static async Task<JobResult[]> RunAsync(IGrsaiClient client, GenerationOptions options, params GenerationJob[] jobs)
    {
        var observer = new RecordingObserver();
        var stream = FakeEngine.For(client, observer).StartGenerations(options, CancellationToken.None);
        foreach (var job in jobs)
        {
            stream.Add(job);
        }

        stream.Complete();
        await stream.Completion;
        return [.. observer.Results];
    }

    public static async Task<JobResult> RunOneAsync(IGrsaiClient client, GenerationOptions options, GenerationJob job)
        => Assert.Single(await RunAsync(client, options, job));
}
