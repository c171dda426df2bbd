using Banana.Engine.Tests.EndToEnd;
using Banana.Engine.Tests.Support;
using Xunit;

namespace Banana.Engine.Tests.Hostile;

/// <summary>
/// Stale references (issue 11, point 8): an upload URL recorded by an earlier run that the service can no longer read
/// is uploaded again, once per image, and the job submitted again, instead of failing on every rerun.
/// </summary>
public sealed class StaleReferenceTests
{
    [Fact]
    public async Task A_recorded_upload_the_service_lost_is_uploaded_again_once_per_image_and_nothing_is_paid_twice()
    {
        await using var batch = await EmulatorBatch.StartAsync();
        InputFolder.Create(batch.Temp, 2, "one pose", "another pose");
        var (first, _) = await batch.RunAsync();
        Assert.Equal(4, first.Succeeded);

        // The service forgets every upload (its CDN dropped them) and the person deletes the results to have them again.
        batch.Server.Reset();
        foreach (var png in batch.OutputPngs())
        {
            File.Delete(Path.Combine(batch.Output, png));
        }

        var (second, observer) = await batch.RunAsync();

        Assert.Equal(4, second.Succeeded);
        Assert.DoesNotContain(observer.Results, r => r.ErrorId is not null);
        var stats = batch.Server.Stats;
        Assert.Equal(4, stats.FailuresByReason.GetValueOrDefault("error"));
        Assert.Equal(2, stats.Uploads);
        Assert.Equal(4, stats.Charges);
        Assert.Equal(1, batch.MostSubmissionsOfOneJob());
        Assert.All(batch.ManifestJobs(), job => Assert.Equal("succeeded", job.GetProperty("status").GetString()));

        // The new URLs are recorded: the next rerun pays nothing and uploads nothing.
        var (third, _) = await batch.RunAsync();
        Assert.Equal(4, third.Skipped);
        Assert.Equal(4, batch.Server.Stats.Charges);
        Assert.Equal(2, batch.Server.Stats.Uploads);
    }
}
