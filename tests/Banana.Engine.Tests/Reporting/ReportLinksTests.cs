using Banana.Engine.Reporting;
using Xunit;

namespace Banana.Engine.Tests.Reporting;

public sealed class ReportLinksTests
{
    [Theory]
    [InlineData("plain.png", "plain.png")]
    [InlineData("a b.png", "a%20b.png")]
    [InlineData("[draft] #3 100%.png", "%5Bdraft%5D%20%233%20100%25.png")]
    [InlineData("模特 2.png", "%E6%A8%A1%E7%89%B9%202.png")]
    [InlineData("what?&x=1;.png", "what%3F%26x%3D1%3B.png")]
    [InlineData("tilde~under_score-dash.png", "tilde~under_score-dash.png")]
    public void A_file_name_is_percent_encoded_as_UTF8_so_the_browser_finds_the_same_file(string name, string expected)
    {
        Assert.Equal(expected, ReportLinks.EncodeSegment(name));
    }

    [Fact]
    public void A_result_next_to_the_report_is_linked_by_its_encoded_name()
    {
        string folder = Path.Combine(Path.GetTempPath(), "out put");
        Assert.Equal("a%20%231.png", ReportLinks.FromReportTo(folder, Path.Combine(folder, "a #1.png")));
    }

    [Fact]
    public void A_result_in_a_subfolder_keeps_its_folders_each_encoded()
    {
        string folder = Path.Combine(Path.GetTempPath(), "out");
        Assert.Equal("sub%20dir/%E5%9B%BE.png", ReportLinks.FromReportTo(folder, Path.Combine(folder, "sub dir", "图.png")));
    }

    [Fact]
    public void A_source_in_a_sibling_input_folder_is_reached_by_climbing_out_of_the_output_folder()
    {
        string root = Path.Combine(Path.GetTempPath(), "batch");
        string url = ReportLinks.FromReportTo(Path.Combine(root, "batch_outputs"), Path.Combine(root, "input", "image", "a b.jpg"));
        Assert.Equal("../input/image/a%20b.jpg", url);
    }

    [Fact]
    public void A_relative_file_path_is_taken_relative_to_the_report_folder()
    {
        string folder = Path.Combine(Path.GetTempPath(), "out");
        Assert.Equal("x%20y.png", ReportLinks.FromReportTo(folder, "x y.png"));
    }

    [Fact]
    public void An_absolute_file_url_encodes_every_segment()
    {
        string root = Path.GetPathRoot(Path.GetTempPath())!;
        string url = ReportLinks.ToFileUrl(Path.Combine(root, "a b", "模.png"));
        Assert.StartsWith("file:///", url, StringComparison.Ordinal);
        Assert.EndsWith("/a%20b/%E6%A8%A1.png", url, StringComparison.Ordinal);
    }
}
