using System.Text.RegularExpressions;
using Banana.Engine.Reporting;
using Xunit;

namespace Banana.Engine.Tests.Reporting;

/// <summary>Opens real reports in headless Chromium: what a person double-clicking report.html would see.</summary>
[Trait("Category", "Browser")]
public sealed class ReportBrowserTests
{
    private static readonly string[] AwkwardSourceNames = ["model photo 1.png", "模特 2.png", "[draft] #3 100%.png", "plain.png"];

    [Fact]
    public async Task Every_source_and_result_image_renders_even_with_spaces_CJK_brackets_hash_and_percent_in_names()
    {
        using var scratch = new ScratchFolder(" 报告 [x]");
        string outputFolder = Path.Combine(scratch.Path, "batch outputs 输出");
        var rows = new List<ReportRow>();
        for (int i = 0; i < AwkwardSourceNames.Length; i++)
        {
            string source = scratch.WriteFile(Path.Combine("input", "image", AwkwardSourceNames[i]), TestImages.ShadedPng(48, 64, 230, 180, 60));
            string stem = Path.GetFileNameWithoutExtension(AwkwardSourceNames[i]);
            rows.Add(new ReportRow
            {
                JobId = $"job-{i}-1", SourcePath = source, PromptNumber = 1, Prompt = "换一个自然休闲优雅的pose", Status = "Succeeded",
                OutputFiles =
                [
                    scratch.WriteFile(Path.Combine(outputFolder, stem + "_p1_1.png"), TestImages.ShadedPng(40, 60, 90, 160, 220)),
                    scratch.WriteFile(Path.Combine(outputFolder, stem + "_p1_2.png"), TestImages.ShadedPng(60, 40, 120, 200, 140)),
                ],
            });
            rows.Add(new ReportRow
            {
                JobId = $"job-{i}-2", SourcePath = source, PromptNumber = 2, Prompt = "<b>bold</b> & \"quoted\"", Status = "Failed",
                ErrorId = "ContentModerated", ErrorMessage = "The prompt was rejected.",
            });
        }

        rows.Add(new ReportRow
        {
            JobId = "text-1", PromptNumber = 3, Prompt = "一只香蕉", Status = "Skipped",
            OutputFiles = [scratch.WriteFile(Path.Combine(outputFolder, "text #1 [香蕉] 50%.png"), TestImages.ShadedPng(32, 32, 250, 220, 50))],
        });
        // Each source is shown once, at the head of its section (its two jobs are consecutive rows).
        int expectedImages = AwkwardSourceNames.Length + rows.Sum(row => row.OutputFiles.Count);

        BodyImageCounts counts = await RenderAsync(rows, Path.Combine(outputFolder, "report.html"));

        Assert.Equal(expectedImages, counts.Images);
        Assert.Equal(0, counts.Broken);
        Assert.Equal(expectedImages, counts.Loaded);
    }

    [Fact]
    public async Task A_result_file_that_is_missing_shows_up_as_a_broken_image()
    {
        using var scratch = new ScratchFolder();
        string present = scratch.WriteFile("present.png", TestImages.ShadedPng(16, 16, 10, 200, 10));
        var rows = new List<ReportRow>
        {
            new() { JobId = "a", Prompt = "p", PromptNumber = 1, Status = "Succeeded", OutputFiles = [present, Path.Combine(scratch.Path, "gone.png")] },
        };

        BodyImageCounts counts = await RenderAsync(rows, Path.Combine(scratch.Path, "report.html"));

        Assert.Equal(2, counts.Images);
        Assert.Equal(1, counts.Broken);
        Assert.Equal(1, counts.Loaded);
    }

    [Fact]
    public async Task A_report_of_2K_results_loads_their_thumbnails_not_the_full_files()
    {
        using var scratch = new ScratchFolder();
        string outputFolder = scratch.Combine("out");
        var rows = new List<ReportRow>();
        string source = scratch.WriteFile(Path.Combine("in", "model.png"), TestImages.ShadedPng(1536, 2048, 200, 160, 120));
        for (int i = 1; i <= 6; i++)
        {
            string result = scratch.WriteFile(Path.Combine("out", $"model_p{i}_1.png"), TestImages.ShadedPng(2048, 2048, (byte)(i * 40), 120, 200));
            rows.Add(new ReportRow { JobId = $"j{i}", SourcePath = source, Prompt = $"prompt {i}", PromptNumber = i, Status = "Succeeded", OutputFiles = [result] });
        }

        var thumbnails = new Banana.Engine.Imaging.ThumbnailCache(outputFolder);
        thumbnails.EnsureAll(rows.SelectMany(row => row.OutputFiles).Append(source));

        BodyImageCounts counts = await RenderAsync(rows, Path.Combine(outputFolder, "report.html"), thumbnails);

        Assert.Equal(7, counts.Images);
        Assert.Equal(7, counts.Loaded);
        Assert.Equal(0, counts.Broken);
        Assert.InRange(counts.Widest, 1, Banana.Engine.Imaging.ThumbnailCache.DefaultEdge);
    }

    private static async Task<BodyImageCounts> RenderAsync(List<ReportRow> rows, string reportPath, Banana.Engine.Imaging.ThumbnailCache? thumbnails = null)
    {
        var model = new ReportModel { Summary = new ReportSummary { Total = rows.Count }, Rows = rows, Thumbnails = thumbnails };
        await HtmlReportWriter.WriteAsync(model, reportPath);

        // #check-images makes the page load its lazy images at once instead of waiting for them to scroll into view.
        string dom = await HeadlessChromium.DumpDomAsync(new Uri(reportPath).AbsoluteUri + "#check-images");
        string body = Regex.Match(dom, "<body[^>]*>").Value;
        Assert.False(string.IsNullOrEmpty(body), "Chromium returned no <body>: " + dom[..Math.Min(dom.Length, 500)]);
        return new BodyImageCounts(
            Attribute(body, "data-images"), Attribute(body, "data-images-loaded"), Attribute(body, "data-broken-images"), Attribute(body, "data-widest-image"));
    }

    private static int Attribute(string bodyTag, string name)
    {
        Match match = Regex.Match(bodyTag, name + "=\"(\\d+)\"");
        Assert.True(match.Success, $"<body> has no {name}: {bodyTag}");
        return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private sealed record BodyImageCounts(int Images, int Loaded, int Broken, int Widest);
}
