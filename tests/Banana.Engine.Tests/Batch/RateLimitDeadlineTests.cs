using System.Net;
using Banana.Client;
using Banana.Engine.Tests.Support;
using Xunit;

namespace Banana.Engine.Tests.Batch;

/// <summary>
/// A job the service keeps refusing with 429 waits its turn again, until <see cref="BatchOptions.ThrottledJobDeadline"/>
/// has passed on the batch's clock (the one its clients wait on), and only then fails.
/// </summary>
public sealed class RateLimitDeadlineTests : IDisposable
{
    private readonly ScratchFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task A_rate_limited_job_goes_back_in_the_queue_until_its_deadline_passes_on_the_batch_clock()
    {
        var clock = new ManualClock();
        var refusals = 0;
        var client = new FakeGrsaiClient
        {
            BeforeAccepted = _ =>
            {
                // Each refusal comes after every retry the client made, ten minutes of the batch's time later.
                // A deadline judged by another clock would requeue forever: past a few rounds, end the job another way.
                if (++refusals > 5)
                {
                    throw new GrsaiTaskFailedException("the deadline was not judged by the batch clock");
                }

                clock.Advance(TimeSpan.FromMinutes(10));
                throw new GrsaiTransientException("submit failed after 9 attempt(s): HTTP 429 (TooManyRequests).")
                {
                    StatusCode = (HttpStatusCode)429,
                };
            },
        };
        var observer = new RecordingObserver();
        var settings = new EngineSettings
        {
            Connection = new ConnectionSettings(["sk-test"], new Uri("https://api.example")),
            Wording = TestWording.Instance,
            ClientTuning = new GrsaiClientOptions { TimeProvider = clock },
        };
        var engine = new Hosting.BananaEngine(settings, observer, _ => client);
        var input = InputFolder.Create(temp, 1, "a calm pose");
        var options = new BatchOptions { InputPath = input, OutputPath = temp.Combine("out"), ThrottledJobDeadline = TimeSpan.FromMinutes(30) };

        var summary = await engine.RunBatchAsync(options, CancellationToken.None);

        // Refused at 10, 20 and 30 minutes: the first two are still within the deadline and go back in the queue.
        Assert.Equal(3, refusals);
        Assert.Equal(1, summary.Failed);
        var failed = Assert.Single(observer.Results);
        Assert.Equal(JobStatus.Failed, failed.Status);
        Assert.Equal("ServiceUnavailable", failed.ErrorId);
    }
}
