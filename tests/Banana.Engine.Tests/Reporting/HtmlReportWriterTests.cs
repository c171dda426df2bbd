using System.Text.RegularExpressions;
using Banana.Engine.Reporting;
using Xunit;

namespace Banana.Engine.Tests.Reporting;

public sealed class HtmlReportWriterTests
{
    private const string HostilePrompt = "<script>alert(\"x\")</script> & 'q' 换一个自然休闲优雅的pose";

    [Fact]
    public async Task Prompts_errors_and_ids_are_shown_as_text_never_as_markup()
    {
        using var scratch = new ScratchFolder();
        var row = new ReportRow
        {
            JobId = "id\"><i>", Prompt = HostilePrompt, Status = "Failed",
            ErrorId = "Bad<Id>", ErrorMessage = "Server said <html> & \"stop\"", TaskId = "t'1",
        };

        string html = await WriteAsync(scratch, row, title: "A&B <report>");

        Assert.Contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39; 换一个自然休闲优雅的pose", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.Contains("id&quot;&gt;&lt;i&gt;", html, StringComparison.Ordinal);
        Assert.Contains("<code>Bad&lt;Id&gt;</code> Server said &lt;html&gt; &amp; &quot;stop&quot;", html, StringComparison.Ordinal);
        Assert.Contains("t&#39;1", html, StringComparison.Ordinal);
        Assert.Contains("<title>A&amp;B &lt;report&gt;</title>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Output_files_are_referenced_relative_to_the_report_with_encoded_names()
    {
        using var scratch = new ScratchFolder();
        var row = new ReportRow
        {
            JobId = "j", Prompt = "p", Status = "Succeeded", SourcePath = Path.Combine(scratch.Path, "input", "image", "模特 [1].jpg"),
            OutputFiles = [Path.Combine(scratch.Path, "out", "模特 [1]_p1_1.png"), Path.Combine(scratch.Path, "out", "#5 100%.png")],
        };

        string html = await WriteAsync(scratch, row, reportFolder: "out");

        Assert.Contains("src=\"%E6%A8%A1%E7%89%B9%20%5B1%5D_p1_1.png\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"%235%20100%25.png\"", html, StringComparison.Ordinal);
        Assert.Contains("src=\"../input/image/%E6%A8%A1%E7%89%B9%20%5B1%5D.jpg\"", html, StringComparison.Ordinal);
        Assert.Contains("loading=\"lazy\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_thumbnails_each_card_shows_the_small_copy_and_links_the_full_image()
    {
        using var scratch = new ScratchFolder();
        string source = scratch.WriteFile(Path.Combine("input", "模特 1.jpg"), TestImages.Png(900, 1200, 9, 9, 9));
        string result = scratch.WriteFile(Path.Combine("out", "模特 1_p1_1.png"), TestImages.Png(1200, 900, 8, 8, 8));
        string unthumbed = scratch.WriteFile(Path.Combine("out", "later.png"), TestImages.Png(64, 64, 7, 7, 7));
        var thumbnails = new Banana.Engine.Imaging.ThumbnailCache(scratch.Combine("out"));
        thumbnails.EnsureAll([source, result]);
        string resultThumb = Path.GetFileName(thumbnails.Find(result)!);
        string sourceThumb = Path.GetFileName(thumbnails.Find(source)!);
        var row = new ReportRow { JobId = "j", Prompt = "p", Status = "Succeeded", SourcePath = source, OutputFiles = [result, unthumbed] };
        var model = new ReportModel { Summary = new ReportSummary { Total = 1 }, Rows = [row], Thumbnails = thumbnails };
        string reportPath = scratch.Combine("out", "report.html");

        await HtmlReportWriter.WriteAsync(model, reportPath);
        string html = await File.ReadAllTextAsync(reportPath);

        Assert.Contains("href=\"%E6%A8%A1%E7%89%B9%201_p1_1.png\" target=\"_blank\"><img src=\".thumbs/" + Uri.EscapeDataString(resultThumb) + "\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"../input/%E6%A8%A1%E7%89%B9%201.jpg\" target=\"_blank\"><img src=\".thumbs/" + Uri.EscapeDataString(sourceThumb) + "\"", html, StringComparison.Ordinal);
        // An image without a thumbnail (made after the cache was filled) still shows, in full.
        Assert.Contains("href=\"later.png\" target=\"_blank\"><img src=\"later.png\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_page_needs_no_external_asset_and_links_only_the_web_result_urls()
    {
        using var scratch = new ScratchFolder();
        var row = new ReportRow
        {
            JobId = "j", Prompt = "p", Status = "Succeeded", SourcePath = Path.Combine(scratch.Path, "a.png"),
            OutputFiles = [Path.Combine(scratch.Path, "a_p1_1.png")],
            ResultUrls = ["https://cdn.example/r/1.png", "javascript:alert(1)"],
        };

        string html = await WriteAsync(scratch, row);

        string[] sources = [.. Regex.Matches(html, "\\ssrc=\"([^\"]*)\"").Select(m => m.Groups[1].Value)];
        Assert.Equal(["a.png", "a_p1_1.png"], sources);
        string[] webLinks = [.. Regex.Matches(html, "\\shref=\"([a-z]+:[^\"]*)\"").Select(m => m.Groups[1].Value)];
        Assert.Equal(["https://cdn.example/r/1.png"], webLinks);
        Assert.DoesNotMatch("<link|@import|url\\(|<script[^>]*\\ssrc=", html);
    }

    [Fact]
    public async Task A_text_only_job_failed_without_results_still_gets_a_readable_card()
    {
        using var scratch = new ScratchFolder();
        var row = new ReportRow { JobId = "t", Prompt = "一只香蕉", PromptNumber = 2, Status = "Failed", Attempts = 3 };

        string html = await WriteAsync(scratch, row);

        Assert.Contains(">Text to image <span>(no source image)</span></h2>", html, StringComparison.Ordinal);
        Assert.Contains("no result", html, StringComparison.Ordinal);
        Assert.Contains("Prompt 2", html, StringComparison.Ordinal);
        Assert.Contains("3 attempts", html, StringComparison.Ordinal);
        Assert.Contains("data-status=\"failed\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Jobs_are_grouped_by_source_with_the_source_shown_once_and_text_only_jobs_in_their_own_section()
    {
        using var scratch = new ScratchFolder();
        string first = Path.Combine(scratch.Path, "first.png");
        string second = Path.Combine(scratch.Path, "second.jpg");
        var rows = new[]
        {
            Row("a1", first, 1), Row("a2", first, 2), Row("a3", first, 3),
            Row("b1", second, 1), Row("b2", second, 2),
            Row("t1", null, 1), Row("t2", null, 2),
        };
        string reportPath = Path.Combine(scratch.Path, "report.html");

        await HtmlReportWriter.WriteAsync(new ReportModel { Rows = rows }, reportPath);

        string[] sections = Sections(await File.ReadAllTextAsync(reportPath));
        Assert.Equal(3, sections.Length);
        Assert.Equal(["a1", "a2", "a3"], JobIds(sections[0]));
        Assert.Equal(["b1", "b2"], JobIds(sections[1]));
        Assert.Equal(["t1", "t2"], JobIds(sections[2]));
        Assert.Equal(["first.png"], SourceImages(sections[0]));
        Assert.Equal(["second.jpg"], SourceImages(sections[1]));
        Assert.Empty(SourceImages(sections[2]));
        Assert.Contains(">first.png</h2>", sections[0], StringComparison.Ordinal);
        Assert.Contains(">Text to image <span>(no source image)</span></h2>", sections[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_source_that_comes_back_after_another_opens_a_new_section_so_rows_keep_their_order()
    {
        using var scratch = new ScratchFolder();
        string first = Path.Combine(scratch.Path, "first.png");
        var rows = new[] { Row("a1", first, 1), Row("t1", null, 1), Row("a2", first, 2) };
        string reportPath = Path.Combine(scratch.Path, "report.html");

        await HtmlReportWriter.WriteAsync(new ReportModel { Rows = rows }, reportPath);

        string[] sections = Sections(await File.ReadAllTextAsync(reportPath));
        Assert.Equal([["a1"], ["t1"], ["a2"]], sections.Select(JobIds));
    }

    [Fact]
    public async Task Each_result_is_captioned_with_its_own_file_name()
    {
        using var scratch = new ScratchFolder();
        var row = new ReportRow
        {
            JobId = "j", Prompt = "p", Status = "Succeeded", SourcePath = Path.Combine(scratch.Path, "photo.png"),
            OutputFiles = [Path.Combine(scratch.Path, "photo_p1_1.png"), Path.Combine(scratch.Path, "photo_p1_2.png")],
        };

        string html = await WriteAsync(scratch, row);

        string[] captions = [.. Regex.Matches(html, "<figcaption class=\"file\"[^>]*>([^<]*)</figcaption>").Select(m => m.Groups[1].Value)];
        Assert.Equal(["photo_p1_1.png", "photo_p1_2.png"], captions);
    }

    [Fact]
    public async Task A_failed_card_shows_the_reason_and_calls_the_task_it_already_shows_the_task()
    {
        using var scratch = new ScratchFolder();
        var row = new ReportRow
        {
            JobId = "89a837fa", Prompt = "p", PromptNumber = 4, Status = "Failed", SourcePath = Path.Combine(scratch.Path, "model (1).jpg"),
            TaskId = "ce6d404f", ErrorId = "ContentModerated",
            ErrorMessage = "Task ce6d404f: the prompt or reference image was refused by content moderation (input_moderation).",
        };

        string html = await WriteAsync(scratch, row);

        Assert.Contains(
            "<p class=\"error\"><code>ContentModerated</code> The task: the prompt or reference image was refused by content moderation (input_moderation).</p>",
            html,
            StringComparison.Ordinal);
        Assert.Contains("title=\"Task id ce6d404f\">ce6d404f</span>", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Task t2 failed.")]
    [InlineData("Task tail of another job failed.")]
    [InlineData("Could not save the result of task t: disk full")]
    public async Task An_error_that_does_not_start_with_this_jobs_task_is_shown_whole(string message)
    {
        using var scratch = new ScratchFolder();
        var row = new ReportRow
        {
            JobId = "j", Prompt = "p", PromptNumber = 1, Status = "Failed", SourcePath = Path.Combine(scratch.Path, "a.png"),
            TaskId = "t", ErrorMessage = message,
        };

        string html = await WriteAsync(scratch, row);

        Assert.Contains("<p class=\"error\">" + message + "</p>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_services_copies_are_labelled_as_such_with_when_they_expire()
    {
        using var scratch = new ScratchFolder();
        var one = new ReportRow { JobId = "j1", Prompt = "p", Status = "Succeeded", ResultUrls = ["https://cdn.example/1.png"] };
        var two = new ReportRow { JobId = "j2", Prompt = "p", Status = "Succeeded", ResultUrls = ["https://cdn.example/2.png", "https://cdn.example/3.png"] };

        string html = await WriteAsync(scratch, one) + await WriteAsync(scratch, two);

        Assert.Contains(">Service copy</a> · expires ~2 h after generation</span>", html, StringComparison.Ordinal);
        Assert.Matches("Service copies: <a [^>]*>1</a> <a [^>]*>2</a> · expire ~2 h after generation</span>", html);
    }

    [Theory]
    [InlineData("Succeeded", "succeeded")]
    [InlineData("FAILED", "failed")]
    [InlineData("skipped", "skipped")]
    [InlineData("Cancelled", "cancelled")]
    [InlineData("Pending\" onclick=\"x", "other")]
    public async Task A_status_gets_its_colour_class_and_unknown_text_cannot_reach_an_attribute(string status, string key)
    {
        using var scratch = new ScratchFolder();
        string html = await WriteAsync(scratch, new ReportRow { JobId = "j", Prompt = "p", Status = status });

        Assert.Contains($"<article class=\"job\" data-status=\"{key}\">", html, StringComparison.Ordinal);
        Assert.Contains($"class=\"status st-{key}\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("onclick=\"x", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_summary_shows_counts_elapsed_and_settings()
    {
        using var scratch = new ScratchFolder();
        var summary = new ReportSummary
        {
            Total = 30, Succeeded = 21, Failed = 5, Skipped = 3, Cancelled = 1, Elapsed = new TimeSpan(1, 2, 3),
            Model = "nano-banana-fast", AspectRatio = "auto", InputPath = "in", OutputPath = "out",
        };
        string reportPath = Path.Combine(scratch.Path, "report.html");

        await HtmlReportWriter.WriteAsync(new ReportModel { Summary = summary }, reportPath);
        string html = await File.ReadAllTextAsync(reportPath);

        Assert.Contains("data-filter=\"all\" aria-pressed=\"true\">All <b>30</b>", html, StringComparison.Ordinal);
        Assert.Contains("data-filter=\"failed\" aria-pressed=\"false\">Failed <b>5</b>", html, StringComparison.Ordinal);
        Assert.Contains("<dt>Elapsed</dt><dd>1:02:03</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<dd>nano-banana-fast</dd>", html, StringComparison.Ordinal);
        Assert.Contains("class=\"st-succeeded\" style=\"width:70%\"", html, StringComparison.Ordinal);
        Assert.Contains("<main class=\"jobs\">", html, StringComparison.Ordinal);
        Assert.Contains("This batch has no jobs.", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Writing_replaces_an_earlier_report_and_leaves_no_temporary_file()
    {
        using var scratch = new ScratchFolder();
        string reportPath = Path.Combine(scratch.Path, "report.html");
        await File.WriteAllTextAsync(reportPath, "old report");

        await HtmlReportWriter.WriteAsync(new ReportModel { Rows = [new ReportRow { JobId = "j", Prompt = "new prompt", Status = "Succeeded" }] }, reportPath);

        Assert.Equal([reportPath], Directory.GetFiles(scratch.Path));
        Assert.Contains("new prompt", await File.ReadAllTextAsync(reportPath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failure_while_writing_keeps_the_earlier_report_and_leaves_no_temporary_file()
    {
        using var scratch = new ScratchFolder();
        string reportPath = Path.Combine(scratch.Path, "report.html");
        await File.WriteAllTextAsync(reportPath, "old report");

        await Assert.ThrowsAsync<InvalidOperationException>(
            () => HtmlReportWriter.WriteAsync(new ReportModel { Rows = RowsThatFailAfter(3) }, reportPath));

        Assert.Equal([reportPath], Directory.GetFiles(scratch.Path));
        Assert.Equal("old report", await File.ReadAllTextAsync(reportPath));
    }

    [Fact]
    public async Task Cancelling_while_writing_keeps_the_earlier_report_and_leaves_no_temporary_file()
    {
        using var scratch = new ScratchFolder();
        string reportPath = Path.Combine(scratch.Path, "report.html");
        await File.WriteAllTextAsync(reportPath, "old report");
        using var cancellation = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => HtmlReportWriter.WriteAsync(new ReportModel { Rows = RowsThatCancelAfter(3, cancellation) }, reportPath, cancellation.Token));

        Assert.Equal([reportPath], Directory.GetFiles(scratch.Path));
        Assert.Equal("old report", await File.ReadAllTextAsync(reportPath));
    }

    [Fact]
    public async Task Ten_thousand_rows_stream_from_a_lazy_sequence_into_one_card_each()
    {
        using var scratch = new ScratchFolder();
        string reportPath = Path.Combine(scratch.Path, "report.html");
        IEnumerable<ReportRow> rows = Enumerable.Range(1, 10_000).Select(i => new ReportRow
        {
            JobId = "job-" + i, Prompt = "prompt " + i, Status = "Succeeded", OutputFiles = [Path.Combine(scratch.Path, $"img_{i}.png")],
        });

        await HtmlReportWriter.WriteAsync(new ReportModel { Rows = rows }, reportPath);

        string html = await File.ReadAllTextAsync(reportPath);
        Assert.Equal(10_000, Regex.Matches(html, "<article class=\"job\"").Count);
        Assert.EndsWith("</html>\n", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("3:4", " style=\"--frame:3/4\"")]
    [InlineData("21:9", " style=\"--frame:21/9\"")]
    [InlineData("auto", "")]
    [InlineData("3:4\" onload=\"x", "")]
    [InlineData(null, "")]
    public void Image_frames_take_the_batchs_aspect_ratio_when_it_is_a_plain_ratio(string? aspectRatio, string style)
        => Assert.Equal(style, ReportDocument.FrameStyle(aspectRatio));

    private static ReportRow Row(string jobId, string? source, int promptNumber)
        => new() { JobId = jobId, SourcePath = source, PromptNumber = promptNumber, Prompt = "p" + promptNumber, Status = "Succeeded" };

    private static string[] Sections(string html)
        => [.. Regex.Matches(html, "<section class=\"group[^\"]*\">(.*?)</section>", RegexOptions.Singleline).Select(m => m.Groups[1].Value)];

    private static string[] JobIds(string section)
        => [.. Regex.Matches(section, "title=\"Job id\">([^<]*)<").Select(m => m.Groups[1].Value)];

    private static string[] SourceImages(string section)
        => [.. Regex.Matches(section, "alt=\"Source ([^\"]*)\"").Select(m => m.Groups[1].Value)];

    private static async Task<string> WriteAsync(ScratchFolder scratch, ReportRow row, string? title = null, string reportFolder = "")
    {
        string reportPath = Path.Combine(scratch.Path, reportFolder, "report.html");
        Directory.CreateDirectory(Path.GetDirectoryName(reportPath)!);
        var model = new ReportModel { Summary = new ReportSummary { Title = title ?? "Report", Total = 1 }, Rows = [row] };
        await HtmlReportWriter.WriteAsync(model, reportPath);
        return await File.ReadAllTextAsync(reportPath);
    }

    private static IEnumerable<ReportRow> RowsThatFailAfter(int count)
    {
        for (int i = 0; i < count; i++)
        {
            yield return new ReportRow { JobId = "j" + i, Prompt = "new", Status = "Succeeded" };
        }

        throw new InvalidOperationException("The manifest could not be read.");
    }

    private static IEnumerable<ReportRow> RowsThatCancelAfter(int count, CancellationTokenSource cancellation)
    {
        for (int i = 0; ; i++)
        {
            if (i == count)
            {
                cancellation.Cancel();
            }

            yield return new ReportRow { JobId = "j" + i, Prompt = "new", Status = "Succeeded" };
        }
    }
}
