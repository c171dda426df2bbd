using Banana.Client;
using Banana.Engine.Tests.Support;
using Xunit;

namespace Banana.Engine.Tests.Batch;

/// <summary>Jobs fed one by one (as Invoke-BananaGenerate does) to the engine's pipeline: naming, -Force, resubmission, keys.</summary>
public sealed class GenerationStreamTests : IDisposable
{
    private readonly ScratchFolder temp = new();

    public void Dispose() => temp.Dispose();

    private static GenerationJob Job(string? source = "C:/photos/红色 dress [1].jpg", params string[] urls)
        => new("pose", "nano-banana-fast", "auto", null, urls.Length == 0 ? ["https://files.example/u.jpg"] : urls, source);

    private GenerationOptions Into(bool force = false) => new() { OutputDirectory = temp.Path, Force = force };

    [Fact]
    public async Task Results_are_named_after_the_source_image()
    {
        var result = await StreamRun.RunOneAsync(new FakeGrsaiClient(), Into(), Job(Path.Combine(temp.Path, "红色 dress [1].jpg")));

        Assert.Equal(JobStatus.Succeeded, result.Status);
        Assert.Equal(Path.Combine(temp.Path, "红色 dress [1]_1.png"), Assert.Single(result.OutputFiles));
        Assert.StartsWith("task-", result.TaskId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_source_the_url_or_the_task_id_names_the_result()
    {
        var client = new FakeGrsaiClient();

        var fromUrl = await StreamRun.RunOneAsync(client, Into(), Job(null, "https://files.example/abc.png"));
        var fromTask = await StreamRun.RunOneAsync(client, Into(), Job(null, "data:image/png;base64,AAAA"));

        Assert.Equal("abc_1.png", Path.GetFileName(Assert.Single(fromUrl.OutputFiles)));
        Assert.Equal($"banana_{fromTask.TaskId![..8]}_1.png", Path.GetFileName(Assert.Single(fromTask.OutputFiles)));
    }

    [Fact]
    public async Task An_existing_output_fails_the_job_before_anything_is_paid()
    {
        File.WriteAllText(Path.Combine(temp.Path, "photo_1.png"), "keep me");
        var client = new FakeGrsaiClient();

        var result = await StreamRun.RunOneAsync(client, Into(), Job("photo.jpg"));

        Assert.Equal(JobStatus.Failed, result.Status);
        Assert.Equal("OutputExists", result.ErrorId);
        Assert.Contains("--force", result.Error, StringComparison.Ordinal);
        Assert.Contains("--out", result.Error, StringComparison.Ordinal);
        Assert.Empty(client.Submitted);
        Assert.Equal("keep me", File.ReadAllText(Path.Combine(temp.Path, "photo_1.png")));

        var forced = await StreamRun.RunOneAsync(client, Into(force: true), Job("photo.jpg"));
        Assert.Equal(JobStatus.Succeeded, forced.Status);
    }

    [Fact]
    public async Task Numbers_follow_the_order_jobs_were_added_in_not_the_order_they_finish()
    {
        // The first job is held at its submission until the last has finished: the names were settled when added.
        using var lastDone = new ManualResetEventSlim();
        var client = new FakeGrsaiClient
        {
            OnGenerate = (request, _) =>
            {
                if (request.Prompt == "first")
                {
                    Assert.True(lastDone.Wait(TimeSpan.FromSeconds(30)), "the jobs did not run concurrently");
                }
            },
        };
        var observer = new RecordingObserver(r =>
        {
            if (r.Prompt == "third")
            {
                lastDone.Set();
            }
        });
        var stream = FakeEngine.For(client, observer).StartGenerations(Into(), CancellationToken.None);
        foreach (var prompt in new[] { "first", "second", "third" })
        {
            stream.Add(Job("photo.jpg") with { Prompt = prompt });
        }

        stream.Complete();
        await stream.Completion;

        Assert.Equal("first", observer.Results.Last().Prompt);
        Assert.Equal(
            ["first:photo_1.png", "second:photo_2.png", "third:photo_3.png"],
            observer.Results.Select(r => $"{r.Prompt}:{Path.GetFileName(Assert.Single(r.OutputFiles))}").Order());
    }

    [Fact]
    public async Task Concurrent_jobs_on_one_photo_each_save_their_own_result()
    {
        // Three prompts for photo.jpg and one for photo.png share the stem 'photo'. The barrier holds every job
        // at its submission until all have submitted, so no job can see another's file on disk first.
        var jobs = new[] { "pose", "smile", "jump" }.Select(p => Job("photo.jpg") with { Prompt = p })
            .Append(Job("photo.png"))
            .ToArray();
        using var allSubmitted = new Barrier(jobs.Length);
        var client = new FakeGrsaiClient
        {
            OnGenerate = (_, _) => Assert.True(allSubmitted.SignalAndWait(TimeSpan.FromSeconds(30)), "the jobs did not run concurrently"),
        };

        var results = await StreamRun.RunAsync(client, Into(), jobs);

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
        var jobs = new[] { "pose", "smile" }.Select(p => Job("photo.jpg") with { Prompt = p }).ToArray();
        var client = new FakeGrsaiClient();

        await StreamRun.RunAsync(client, Into(), jobs);
        var rerun = await StreamRun.RunAsync(client, Into(), jobs);

        Assert.All(rerun, r => Assert.Equal("OutputExists", r.ErrorId));
        Assert.Equal(2, client.Submitted.Count);

        var forced = await StreamRun.RunAsync(client, Into(force: true), jobs);

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

        var results = await StreamRun.RunAsync(client, new GenerationOptions(), Job() with { ImageSize = "4K" }, Job() with { Prompt = "  " });

        Assert.Equal(["EmptyPrompt", "InvalidGenerationParameters"], results.Select(r => r.ErrorId).Order());
        Assert.Empty(client.Submitted);
    }

    [Fact]
    public async Task Task_errors_are_resubmitted_up_to_the_limit_then_reported()
    {
        var client = new FakeGrsaiClient { OnGenerate = (_, _) => throw new GrsaiTaskFailedException("boom") };

        var result = await StreamRun.RunOneAsync(client, new GenerationOptions { MaxTaskAttempts = 2 }, Job());

        Assert.Equal(JobStatus.Failed, result.Status);
        Assert.Equal("TaskFailed", result.ErrorId);
        Assert.Equal(2, result.Attempts);
        Assert.Equal(2, client.Submitted.Count);
    }

    [Fact]
    public async Task Without_a_folder_the_results_stay_at_their_urls()
    {
        var result = await StreamRun.RunOneAsync(new FakeGrsaiClient(), new GenerationOptions(), Job());

        Assert.Equal(JobStatus.Succeeded, result.Status);
        Assert.NotEmpty(result.ResultUrls);
        Assert.Empty(result.OutputFiles);
        Assert.Empty(Directory.GetFiles(temp.Path));
    }

    [Fact]
    public async Task A_rejected_only_key_stops_the_stream_with_its_error()
    {
        var client = new FakeGrsaiClient { OnGenerate = (_, _) => throw new GrsaiAuthenticationException("bad key") };

        var e = await Assert.ThrowsAsync<BananaException>(() => StreamRun.RunAsync(client, new GenerationOptions(), Job()));

        Assert.Equal(new GrsaiAuthenticationException("bad key").ErrorId, e.ErrorId);
        Assert.IsType<GrsaiAuthenticationException>(e.InnerException);
    }
}
