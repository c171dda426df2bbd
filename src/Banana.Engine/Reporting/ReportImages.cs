using System.Text;
using Banana.Engine.Imaging;

namespace Banana.Engine.Reporting
{
    /// <summary>
    /// How the report shows one image: a link to the full file, and inside it the small copy from the thumbnail cache
    /// when there is one (the full file otherwise), so the page loads kilobytes per card instead of megabytes.
    /// </summary>
    internal sealed class ReportImages
    {
        private readonly string reportDirectory;
        private readonly ThumbnailCache? thumbnails;

        public ReportImages(string reportDirectory, ThumbnailCache? thumbnails)
        {
            this.reportDirectory = reportDirectory;
            this.thumbnails = thumbnails;
        }

        /// <summary>Appends <c>&lt;a class="frame" href=full&gt;&lt;img src=thumbnail&gt;&lt;/a&gt;</c>.</summary>
        public void AppendFrame(StringBuilder html, string filePath, string alt)
        {
            string url = ReportLinks.FromReportTo(reportDirectory, filePath);
            string? thumbnail = thumbnails?.Find(ReportLinks.Resolve(reportDirectory, filePath));
            string source = thumbnail is null ? url : ReportLinks.FromReportTo(reportDirectory, thumbnail);
            html.Append("<a class=\"frame\" href=\"").AppendEscaped(url).Append("\" target=\"_blank\">")
                .Append("<img src=\"").AppendEscaped(source).Append("\" loading=\"lazy\" decoding=\"async\" alt=\"")
                .AppendEscaped(alt).Append("\"></a>");
        }
    }
}
