using System.Text.RegularExpressions;
using Banana.Engine.Reporting;
using Xunit;

namespace Banana.Engine.Tests.Reporting;

/// <summary>A job with several reference images (a job file row) shows every one of them, in the order sent.</summary>
public sealed class ReportReferencesTests
{
    [Fact]
    public async Task Every_reference_of_a_job_is_shown_in_its_order_and_jobs_sharing_them_share_a_section()
    {
        using var scratch = new ScratchFolder();
        string[] references = [scratch.Combine("photos", "model.png"), scratch.Combine("photos", "dress.png"), scratch.Combine("photos", "hat.png")];
        ReportRow Row(string id, int row, params string[] sources) => new()
        {
            JobId = id, Prompt = "p", Status = "Succeeded", SourcePath = sources[0], SourcePaths = sources, Row = row,
        };

        string html = await WriteAsync(scratch, Row("a", 1, references), Row("b", 2, references), Row("c", 3, references[0], references[1]));

        Assert.Equal(2, Regex.Matches(html, "<section class=\"group\">").Count);
        Assert.Contains(">model.png + dress.png + hat.png</h2>", html, StringComparison.Ordinal);
        Assert.Contains(">model.png + dress.png</h2>", html, StringComparison.Ordinal);
        var firstSection = html[html.IndexOf("model.png + dress.png + hat.png", StringComparison.Ordinal)..html.IndexOf("</section>", StringComparison.Ordinal)];
        Assert.Equal(
            ["photos/model.png", "photos/dress.png", "photos/hat.png"],
            Regex.Matches(firstSection, "<figure class=\"source\"><a class=\"frame\" href=\"([^\"]+)\"").Select(m => m.Groups[1].Value));
        Assert.Contains(">Reference 3</span>", firstSection, StringComparison.Ordinal);
        Assert.Contains(">Row 2</span>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_row_from_an_older_manifest_with_only_a_source_path_still_shows_its_source()
    {
        using var scratch = new ScratchFolder();
        var row = new ReportRow { JobId = "j", Prompt = "p", Status = "Succeeded", SourcePath = scratch.Combine("a.png") };

        string html = await WriteAsync(scratch, row);

        Assert.Contains("<figure class=\"source\"><a class=\"frame\" href=\"a.png\"", html, StringComparison.Ordinal);
        Assert.Contains(">Source</span>", html, StringComparison.Ordinal);
    }

    private static async Task<string> WriteAsync(ScratchFolder scratch, params ReportRow[] rows)
    {
        string reportPath = Path.Combine(scratch.Path, "report.html");
        await HtmlReportWriter.WriteAsync(new ReportModel { Summary = new ReportSummary { Title = "Report", Total = rows.Length }, Rows = rows }, reportPath);
        return await File.ReadAllTextAsync(reportPath);
    }
}
