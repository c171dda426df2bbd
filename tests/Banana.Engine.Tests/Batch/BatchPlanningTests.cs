using Banana.Client;
using Banana.Engine.Tests.Support;
using Xunit;

namespace Banana.Engine.Tests.Batch;

/// <summary>Which jobs a batch makes and what it calls their files, against a fake client (no network).</summary>
public sealed class BatchPlanningTests : IDisposable
{
    private readonly ScratchFolder temp = new();

    public void Dispose() => temp.Dispose();

    private async Task<(BatchSummary Summary, RecordingObserver Observer, FakeGrsaiClient Client)> RunAsync(string input, Action<BatchOptions>? change = null)
    {
        var client = new FakeGrsaiClient();
        var options = new BatchOptions
        {
            InputPath = input,
            OutputPath = temp.Combine("out"),
        };
        change?.Invoke(options);
        var observer = new RecordingObserver();
        var summary = await FakeEngine.For(client, observer).RunBatchAsync(options, CancellationToken.None);
        return (summary, observer, client);
    }

    private string[] OutputNames() => Directory.GetFiles(temp.Combine("out"), "*.png").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

    [Fact]
    public async Task Every_image_meets_every_prompt_with_readable_names()
    {
        var input = InputFolder.Create(temp, 2, "prompt one", "prompt two");
        var (summary, observer, client) = await RunAsync(input);

        Assert.Equal(4, summary.Total);
        Assert.Equal(4, summary.Succeeded);
        Assert.Equal(["photo01_p1_1.png", "photo01_p2_1.png", "photo02_p1_1.png", "photo02_p2_1.png"], OutputNames());
        Assert.Equal(2, client.Uploaded.Count);
        Assert.All(observer.Results, r => Assert.Equal(JobStatus.Succeeded, r.Status));
    }

    [Fact]
    public async Task The_same_prompt_twice_is_two_jobs_and_a_rerun_skips_both()
    {
        var input = InputFolder.Create(temp, 1, "again", "other", "again");
        var (summary, _, client) = await RunAsync(input);

        Assert.Equal(3, summary.Succeeded);
        Assert.Equal(2, client.Submitted.Count(r => r.Prompt == "again"));
        Assert.Equal(["photo01_p1_1.png", "photo01_p2_1.png", "photo01_p3_1.png"], OutputNames());

        var (rerun, _, rerunClient) = await RunAsync(input);

        Assert.Equal(3, rerun.Skipped);
        Assert.Empty(rerunClient.Submitted);
    }

    [Fact]
    public async Task Images_sharing_a_stem_get_distinct_names()
    {
        var input = InputFolder.Create(temp, 0, "p");
        TestImages.Write(Path.Combine(input, "image", "a.png"), TestImages.Png(2, 2, 1, 0, 0));
        File.Copy(Path.Combine(input, "image", "a.png"), Path.Combine(input, "image", "a.jpg"));

        var (summary, _, client) = await RunAsync(input);

        Assert.Equal(2, summary.Succeeded);
        Assert.Equal(["a_jpg_p1_1.png", "a_png_p1_1.png"], OutputNames());
        Assert.Single(client.Uploaded); // same bytes: one upload serves both
    }

    [Fact]
    public async Task Without_images_each_prompt_is_a_text_to_image_job_and_count_multiplies()
    {
        var input = InputFolder.Create(temp, 0, "a cat", "a dog");
        Directory.Delete(Path.Combine(input, "image"));

        var (summary, _, client) = await RunAsync(input, o => o.Count = 2);

        Assert.Equal(4, summary.Succeeded);
        Assert.Equal(["prompt1_1.png", "prompt1_2.png", "prompt2_1.png", "prompt2_2.png"], OutputNames());
        Assert.All(client.Submitted, r => Assert.Empty(r.ImageUrls));
        Assert.Empty(client.Uploaded);
    }

    [Fact]
    public async Task Prompts_given_on_the_command_line_replace_text_txt()
    {
        var input = InputFolder.Create(temp, 1, "from file");
        var (_, _, client) = await RunAsync(input, o => o.Prompts = ["from command line"]);
        Assert.Equal("from command line", Assert.Single(client.Submitted).Prompt);
    }

    [Fact]
    public async Task A_non_image_is_rejected_before_upload_and_the_rest_go_on()
    {
        var input = InputFolder.Create(temp, 1, "p");
        File.WriteAllText(Path.Combine(input, "image", "readme.jpg"), "not an image");
        File.WriteAllBytes(Path.Combine(input, "image", "zero.png"), []);

        var (summary, observer, client) = await RunAsync(input);

        Assert.Equal(1, summary.Succeeded);
        Assert.Equal(["EmptyFile", "NotAnImage"], observer.Problems.Select(p => p.ErrorId).Order());
        Assert.DoesNotContain(client.Uploaded, p => p.EndsWith("readme.jpg", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_missing_input_folder_stops_before_anything_is_sent()
    {
        var e = await Assert.ThrowsAsync<BananaException>(() => RunAsync(temp.Combine("nowhere")));
        Assert.Equal("InputPathNotFound", e.ErrorId);
    }

    [Fact]
    public async Task Missing_or_empty_prompt_file_is_a_clear_error()
    {
        var input = InputFolder.Create(temp, 1);
        var missing = await Assert.ThrowsAsync<BananaException>(() => RunAsync(input));
        Assert.Equal("PromptFileNotFound", missing.ErrorId);
        Assert.Contains("--prompt", missing.Message, StringComparison.Ordinal);

        InputFolder.WritePrompts(input, "# nothing but comments\n\n", System.Text.Encoding.UTF8);
        var empty = await Assert.ThrowsAsync<BananaException>(() => RunAsync(input));
        Assert.Equal("NoPrompts", empty.ErrorId);
    }

    [Fact]
    public async Task A_prompt_with_a_control_character_stops_the_batch_naming_file_and_line()
    {
        var input = InputFolder.Create(temp, 1);
        InputFolder.WritePrompts(input, "a calm pose\n# comment\nbroken\0prompt\n", new System.Text.UTF8Encoding(false));

        var e = await Assert.ThrowsAsync<BananaException>(() => RunAsync(input));

        Assert.Equal("InvalidPrompt", e.ErrorId);
        Assert.Contains("Line 3", e.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(input, "text", "text.txt"), e.Message, StringComparison.Ordinal);
        Assert.Contains("U+0000", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bomless_utf16_prompt_file_gives_its_prompts_not_nul_prompts()
    {
        var input = InputFolder.Create(temp, 1);
        InputFolder.WritePrompts(input, "换一个自然休闲优雅的pose\r\n换成纯白色背景\r\n", new System.Text.UnicodeEncoding(false, false));

        var (summary, _, client) = await RunAsync(input);

        Assert.Equal(2, summary.Total);
        Assert.Equal(
            new[] { "换一个自然休闲优雅的pose", "换成纯白色背景" }.Order(StringComparer.Ordinal),
            client.Submitted.Select(r => r.Prompt).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task An_invalid_model_combination_is_refused_before_anything_is_sent()
    {
        var input = InputFolder.Create(temp, 1, "p");
        var e = await Assert.ThrowsAsync<BananaException>(() => RunAsync(input, o => o.ImageSize = "4K"));
        Assert.Equal("InvalidGenerationParameters", e.ErrorId);
    }

    [Fact]
    public async Task An_existing_file_the_batch_did_not_write_is_not_overwritten_without_force()
    {
        var input = InputFolder.Create(temp, 1, "p1", "p2");
        Directory.CreateDirectory(temp.Combine("out"));
        File.WriteAllText(temp.Combine("out", "photo01_p1_1.png"), "mine");

        var (summary, observer, client) = await RunAsync(input);

        Assert.Equal("mine", File.ReadAllText(temp.Combine("out", "photo01_p1_1.png")));
        var refused = Assert.Single(observer.Results, r => r.Status == JobStatus.Failed);
        Assert.Equal("OutputExists", refused.ErrorId);
        Assert.Contains("--force", refused.Error, StringComparison.Ordinal);
        Assert.Equal(1, summary.Succeeded);
        Assert.Single(client.Submitted);

        var (forced, _, _) = await RunAsync(input, o => o.Force = true);
        Assert.Equal(1, forced.Succeeded);
        Assert.Equal(1, forced.Skipped);
        Assert.NotEqual("mine", File.ReadAllText(temp.Combine("out", "photo01_p1_1.png")));
    }

    [Fact]
    public async Task A_task_failing_with_error_is_resubmitted_and_moderation_is_final()
    {
        var input = InputFolder.Create(temp, 0, "flaky", "forbidden");
        var client = new FakeGrsaiClient
        {
            OnGenerate = (request, attempt) =>
            {
                if (request.Prompt == "flaky" && attempt < 3)
                {
                    throw new GrsaiTaskFailedException("transient");
                }

                if (request.Prompt == "forbidden")
                {
                    throw new GrsaiModerationException("refused", "input_moderation");
                }
            },
        };
        var options = new BatchOptions
        {
            InputPath = input,
            OutputPath = temp.Combine("out"),
            MaxTaskAttempts = 3,
        };
        var observer = new RecordingObserver();

        var summary = await FakeEngine.For(client, observer).RunBatchAsync(options, CancellationToken.None);

        Assert.Equal(1, summary.Succeeded);
        Assert.Equal(3, client.Submitted.Count(r => r.Prompt == "flaky"));
        Assert.Equal(1, client.Submitted.Count(r => r.Prompt == "forbidden"));
        var refused = Assert.Single(observer.Results, r => r.Status == JobStatus.Failed);
        Assert.Equal("ContentModerated", refused.ErrorId);
        Assert.Equal(3, Assert.Single(observer.Results, r => r.Status == JobStatus.Succeeded).Attempts);
    }
}
