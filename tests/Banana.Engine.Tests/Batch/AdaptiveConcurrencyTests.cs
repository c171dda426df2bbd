using Banana.Engine.Execution;
using Xunit;

namespace Banana.Engine.Tests.Batch;

public sealed class AdaptiveConcurrencyTests
{
    private TimeSpan now;

    private void Advance(double seconds) => now += TimeSpan.FromSeconds(seconds);

    [Fact]
    public void One_stray_429_changes_nothing()
    {
        var limit = new AdaptiveConcurrency(5, () => now);
        Advance(10);
        Assert.False(limit.RecordThrottle());
        Assert.Equal(5, limit.Limit);
    }

    [Fact]
    public void Sustained_429s_halve_the_limit_down_to_one_then_quiet_time_restores_it_step_by_step()
    {
        var limit = new AdaptiveConcurrency(8, () => now);
        for (var i = 0; i < 20; i++)
        {
            Advance(1);
            limit.RecordThrottle();
        }

        Assert.Equal(1, limit.Limit);

        Advance(1);
        Assert.False(limit.TryRecover()); // still too soon after the last 429
        var steps = 0;
        while (limit.Limit < 8 && steps++ < 20)
        {
            Advance(5);
            limit.TryRecover();
        }

        Assert.Equal(8, limit.Limit);
        Assert.True(steps >= 7, "the limit grows one step at a time");
    }
}
