using Banana.Engine.Tests.EndToEnd;
using Xunit;

namespace Banana.Engine.Tests.Hostile;

/// <summary>
/// Stale references of jobs with several images (a job file): every recorded upload the service lost is uploaded
/// again, once per image however many rows use it, and each job is submitted again with all its references.
/// </summary>
public sealed class StaleJobFileReferenceTests
{
    [Fact]
    public async Task Every_lost_reference_of_a_multi_image_job_is_uploaded_again_once_and_nothing_is_paid_twice()
    {
        await using var batch = await EmulatorBatch.StartAsync();
        var photos = batch.Temp.Combine("photos");
        Directory.CreateDirectory(photos);
        foreach (var (name, seed) in new[] { ("a.png", 1), ("b.png", 2), ("c.png", 3) })
        {
            TestImages.Write(Path.Combine(photos, name), TestImages.SeededPng(seed, 8, 8));
        }

        var jobFile = batch.Temp.Combine("jobs.csv");
        File.WriteAllText(jobFile, "Images,Prompt\nphotos/a.png;photos/b.png,first\nphotos/b.png;photos/c.png,second\n");
        var options = batch.Options();
        options.InputPath = string.Empty;
        options.JobFile = jobFile;
        Assert.Equal(2, (await batch.RunAsync(options)).Summary.Succeeded);

        // The service forgets every upload and the person deletes the results to have them again.
        batch.Server.Reset();
        foreach (var png in batch.OutputPngs())
        {
            File.Delete(Path.Combine(batch.Output, png));
        }

        var (second, observer) = await batch.RunAsync(options);

        Assert.Equal(2, second.Succeeded);
        Assert.DoesNotContain(observer.Results, r => r.ErrorId is not null);
        Assert.Equal(3, batch.Server.Stats.Uploads);
        Assert.Equal(2, batch.Server.Stats.Charges);
        Assert.Equal(1, batch.MostSubmissionsOfOneJob());

        var (third, _) = await batch.RunAsync(options);
        Assert.Equal(2, third.Skipped);
        Assert.Equal(3, batch.Server.Stats.Uploads);
        Assert.Equal(2, batch.Server.Stats.Charges);
    }
}
