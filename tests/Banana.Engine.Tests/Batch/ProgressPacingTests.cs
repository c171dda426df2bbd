using Banana.Engine.Execution;
using Banana.Engine.Tests.Support;
using Xunit;

namespace Banana.Engine.Tests.Batch;

/// <summary>What a progress bar is told, judged on a clock the test moves: never on how fast the machine runs.</summary>
public sealed class ProgressPacingTests
{
    [Fact]
    public void Tells_the_observer_at_most_once_per_interval_however_many_jobs_change()
    {
        var clock = new ManualClock();
        var observer = new RecordingObserver();
        var progress = new ProgressTracker(1000, observer, clock);

        for (var i = 0; i < 500; i++)
        {
            progress.GenerationStarted();
            progress.GenerationEnded();
        }

        Assert.Single(observer.Progress);
        clock.Advance(ProgressTracker.Interval - TimeSpan.FromTicks(1));
        progress.JobFinished(JobStatus.Succeeded);
        Assert.Single(observer.Progress);
        clock.Advance(TimeSpan.FromTicks(1));
        progress.JobFinished(JobStatus.Succeeded);
        Assert.Equal(2, observer.Progress.Count);
        Assert.Equal(2, observer.Progress.Last().Succeeded);
    }

    [Fact]
    public void Estimates_what_is_left_from_the_pace_of_the_jobs_worked_on_not_the_skipped_ones()
    {
        var clock = new ManualClock();
        var observer = new RecordingObserver();
        var progress = new ProgressTracker(10, observer, clock);
        for (var i = 0; i < 4; i++)
        {
            progress.JobFinished(JobStatus.Skipped);
        }

        clock.Advance(TimeSpan.FromSeconds(30));
        progress.JobFinished(JobStatus.Succeeded);
        progress.JobFinished(JobStatus.Failed);
        progress.ReportNow();

        var last = observer.Progress.Last();
        Assert.Equal(TimeSpan.FromSeconds(30), last.Elapsed);
        Assert.Equal(6, last.Completed);
        // Two jobs worked in 30 s, four left: 60 s, although six of ten are done.
        Assert.Equal(TimeSpan.FromSeconds(60), last.EstimatedRemaining);
    }
}
