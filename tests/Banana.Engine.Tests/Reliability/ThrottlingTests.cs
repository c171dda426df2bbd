using System.Collections.Concurrent;
using Banana.Emulator;
using Banana.Engine.Tests.EndToEnd;
using Banana.Engine.Tests.Support;
using Xunit;

namespace Banana.Engine.Tests.Reliability;

/// <summary>Sustained 429s slow a batch down instead of failing its jobs (issue 4, section 1).</summary>
public sealed class ThrottlingTests
{
    private const int Limit = 4;
    private const int ThrottledRequests = 24;

    [Fact]
    public async Task Sustained_429s_lower_the_number_of_running_generations_and_every_job_still_succeeds()
    {
        await using var batch = await EmulatorBatch.StartAsync(new EmulatorSettings { GenerationLatency = TimeSpan.FromMilliseconds(300) });
        InputFolder.Create(batch.Temp, 6, "p1", "p2", "p3", "p4");

        // Most submissions are refused for a while (Retry-After 1 s), often past every retry of the client.
        batch.Server.AddFault(new FaultRule
        {
            Endpoint = EmulatorEndpoint.Draw, Kind = FaultKind.Http429, Probability = 0.9, Seed = 3, Count = ThrottledRequests, RetryAfterSeconds = 1,
        });
        var options = batch.Options();
        options.GenerationConcurrency = Limit;
        var settings = batch.Settings();
        settings.ClientTuning.MaxRetryDelay = TimeSpan.FromSeconds(1); // honour the Retry-After, so the 429s last a few seconds
        var slowedDown = new TaskCompletionSource();
        var observer = new RecordingObserver();
        var samples = new ConcurrentQueue<long>();
        using var stopSampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            // Once the engine has lowered its limit and the generations started before it did have drained below the
            // old limit (a condition, not a guessed duration), sample how many generations the emulator sees at once
            // for as long as the 429s last. Sampling often only adds evidence: a missed sample cannot fail the test.
            await WaitForLine(observer, "keeps getting HTTP 429", stopSampling.Token);
            while (!stopSampling.IsCancellationRequested && batch.Server.Stats.Running >= Limit)
            {
                await Task.Delay(10, CancellationToken.None);
            }

            do
            {
                samples.Enqueue(batch.Server.Stats.Running);
                await Task.Delay(10, CancellationToken.None);
            }
            while (!stopSampling.IsCancellationRequested && batch.Server.Stats.FaultsInjected(FaultKind.Http429) < ThrottledRequests);
        });

        var summary = await batch.Engine(observer, settings).RunBatchAsync(options, CancellationToken.None);
        await stopSampling.CancelAsync();
        await sampler;

        Assert.Equal(24, summary.Succeeded);
        Assert.Equal(0, summary.Failed);
        Assert.Equal(ThrottledRequests, batch.Server.Stats.FaultsInjected(FaultKind.Http429));
        Assert.Contains(observer.VerboseLines, l => l.Contains("goes back in the queue", StringComparison.Ordinal));
        Assert.NotEmpty(samples);
        Assert.True(samples.Max() < Limit, $"at most {samples.Max()} generation(s) ran at once while the 429s lasted");
        Assert.Equal(1, batch.MostSubmissionsOfOneJob());
    }

    private static async Task WaitForLine(RecordingObserver observer, string text, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested && !observer.VerboseLines.Any(l => l.Contains(text, StringComparison.Ordinal)))
        {
            await Task.Delay(10, CancellationToken.None);
        }
    }
}
