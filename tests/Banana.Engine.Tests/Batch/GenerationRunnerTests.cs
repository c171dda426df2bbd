using Banana.Client;
using Banana.Engine.Tests.Support;
using Xunit;

namespace Banana.Engine.Tests.Batch;

public sealed class GenerationRunnerTests : IDisposable
{
    private readonly ScratchFolder temp = new();

    public void Dispose() => temp.Dispose();

    private static GenerationSpec Spec(string? source = "C:/photos/红色 dress [1].jpg", params string[] urls)
        => new("pose", "nano-banana-fast", "auto", null, urls.Length == 0 ? ["https://files.example/u.jpg"] : urls, source);

    [Fact]
    public async Task Results_are_named_after_the_source_image()
    {
        var client = new FakeGrsaiClient();
        var runner = new GenerationRunner(client, new GenerationRunnerOptions { OutputDirectory = temp.Path });

        var result = await runner.RunAsync(Spec(Path.Combine(temp.Path, "红色 dress [1].jpg")), null, CancellationToken.None);

        Assert.Equal(JobStatus.Succeeded, result.Status);
        Assert.Equal(Path.Combine(temp.Path, "红色 dress [1]_1.png"), Assert.Single(result.OutputFiles));
        Assert.StartsWith("task-", result.TaskId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_source_the_url_or_the_task_id_names_the_result()
    {
        var client = new FakeGrsaiClient();
        var runner = new GenerationRunner(client, new GenerationRunnerOptions { OutputDirectory = temp.Path });

        var fromUrl = await runner.RunAsync(Spec(null, "https://files.example/abc.png"), null, CancellationToken.None);
        var fromTask = await runner.RunAsync(Spec(null, "data:image/png;base64,AAAA"), null, CancellationToken.None);

        Assert.Equal("abc_1.png", Path.GetFileName(Assert.Single(fromUrl.OutputFiles)));
        Assert.Equal($"banana_{fromTask.TaskId![..8]}_1.png", Path.GetFileName(Assert.Single(fromTask.OutputFiles)));
    }

    [Fact]
    public async Task An_existing_output_fails_the_job_before_anything_is_paid()
    {
        File.WriteAllText(Path.Combine(temp.Path, "photo_1.png"), "keep me");
        var client = new FakeGrsaiClient();
        var runner = new GenerationRunner(client, new GenerationRunnerOptions { OutputDirectory = temp.Path });

        var result = await runner.RunAsync(Spec("photo.jpg"), null, CancellationToken.None);

        Assert.Equal(JobStatus.Failed, result.Status);
        Assert.Equal("OutputExists", result.ErrorId);
        Assert.Contains("-Force", result.Error, StringComparison.Ordinal);
        Assert.Contains("-OutputPath", result.Error, StringComparison.Ordinal);
        Assert.Empty(client.Submitted);
        Assert.Equal("keep me", File.ReadAllText(Path.Combine(temp.Path, "photo_1.png")));

        var forced = await new GenerationRunner(client, new GenerationRunnerOptions { OutputDirectory = temp.Path, Force = true })
            .RunAsync(Spec("photo.jpg"), null, CancellationToken.None);
        Assert.Equal(JobStatus.Succeeded, forced.Status);
    }

    [Fact]
    public async Task Numbers_follow_the_order_jobs_were_prepared_in_not_the_order_they_finish()
    {
        var runner = new GenerationRunner(new FakeGrsaiClient(), new GenerationRunnerOptions { OutputDirectory = temp.Path });
        var prepared = new[] { "first", "second", "third" }.Select(p => runner.Prepare(Spec("photo.jpg") with { Prompt = p })).ToList();

        // Run them last to first: the names were settled when they were prepared.
        var results = new List<JobResult>();
        foreach (var job in Enumerable.Reverse(prepared))
        {
            results.Add(await runner.RunAsync(job, null, CancellationToken.None));
        }

        Assert.Equal(
            ["first:photo_1.png", "second:photo_2.png", "third:photo_3.png"],
            results.Select(r => $"{r.Prompt}:{Path.GetFileName(Assert.Single(r.OutputFiles))}").Order());
    }

    [Fact]
    public async Task Concurrent_jobs_on_one_photo_each_save_their_own_result()
    {
        // Three prompts for photo.jpg and one for photo.png share the stem 'photo'. The barrier holds every job
        // at its submission until all have submitted, so no job can see another's file on disk first.
        var specs = new[] { "pose", "smile", "jump" }.Select(p => Spec("photo.jpg") with { Prompt = p })
            .Append(Spec("photo.png"))
            .ToList();
        using var allSubmitted = new Barrier(specs.Count);
        var client = new FakeGrsaiClient
        {
            OnGenerate = (_, _) => Assert.True(allSubmitted.SignalAndWait(TimeSpan.FromSeconds(30)), "the jobs did not run concurrently"),
        };
        var runner = new GenerationRunner(client, new GenerationRunnerOptions { OutputDirectory = temp.Path });

        var results = await Task.WhenAll(specs.Select(s => Task.Run(() => runner.RunAsync(s, null, CancellationToken.None))));

        Assert.All(results, r => Assert.Equal(JobStatus.Succeeded, r.Status));
        Assert.Equal(4, client.Submitted.Count);
        Assert.Equal(
            ["photo_1.png", "photo_2.png", "photo_3.png", "photo_4.png"],
            results.Select(r => Path.GetFileName(Assert.Single(r.OutputFiles))).Order());
        Assert.Equal(4, Directory.GetFiles(temp.Path, "*.png").Length);
    }

    [Fact]
    public async Task Rerunning_the_same_jobs_fails_before_paying_unless_forced()
    {
        var specs = new[] { "pose", "smile" }.Select(p => Spec("photo.jpg") with { Prompt = p }).ToList();
        var client = new FakeGrsaiClient();
        async Task<JobResult[]> RunAll(bool force)
        {
            var runner = new GenerationRunner(client, new GenerationRunnerOptions { OutputDirectory = temp.Path, Force = force });
            return await Task.WhenAll(specs.Select(s => Task.Run(() => runner.RunAsync(s, null, CancellationToken.None))));
        }

        await RunAll(force: false);
        var rerun = await RunAll(force: false);

        Assert.All(rerun, r => Assert.Equal("OutputExists", r.ErrorId));
        Assert.Equal(2, client.Submitted.Count);

        var forced = await RunAll(force: true);

        Assert.All(forced, r => Assert.Equal(JobStatus.Succeeded, r.Status));
        Assert.Equal(
            ["photo_1.png", "photo_2.png"],
            forced.Select(r => Path.GetFileName(Assert.Single(r.OutputFiles))).Order());
        Assert.Equal(2, Directory.GetFiles(temp.Path, "*.png").Length);
    }

    [Fact]
    public async Task Invalid_parameters_and_empty_prompts_fail_without_a_request()
    {
        var client = new FakeGrsaiClient();
        var runner = new GenerationRunner(client, new GenerationRunnerOptions());

        var badSize = await runner.RunAsync(Spec() with { ImageSize = "4K" }, null, CancellationToken.None);
        var empty = await runner.RunAsync(Spec() with { Prompt = "  " }, null, CancellationToken.None);

        Assert.Equal("InvalidGenerationParameters", badSize.ErrorId);
        Assert.Equal("EmptyPrompt", empty.ErrorId);
        Assert.Empty(client.Submitted);
    }

    [Fact]
    public async Task Task_errors_are_resubmitted_up_to_the_limit_then_reported()
    {
        var client = new FakeGrsaiClient { OnGenerate = (_, _) => throw new GrsaiTaskFailedException("boom") };
        var runner = new GenerationRunner(client, new GenerationRunnerOptions { MaxTaskAttempts = 2 });

        var result = await runner.RunAsync(Spec(), null, CancellationToken.None);

        Assert.Equal(JobStatus.Failed, result.Status);
        Assert.Equal("TaskFailed", result.ErrorId);
        Assert.Equal(2, result.Attempts);
        Assert.Equal(2, client.Submitted.Count);
    }

    [Fact]
    public async Task A_rejected_key_is_thrown_not_reported()
    {
        var client = new FakeGrsaiClient { OnGenerate = (_, _) => throw new GrsaiAuthenticationException("bad key") };
        var runner = new GenerationRunner(client, new GenerationRunnerOptions());

        await Assert.ThrowsAsync<GrsaiAuthenticationException>(() => runner.RunAsync(Spec(), null, CancellationToken.None));
    }
}
