using System;
using System.IO;
using System.Text;

namespace Banana.Engine.Reporting
{
    /// <summary>
    /// One section per source image: its name as a heading, the source once, then every prompt's card beside it, so a
    /// person compares what each prompt did to that photo. Text-to-image jobs get a section of their own, without a
    /// source. Rows arrive in plan order (all prompts of one image, then the next), so consecutive rows with the same
    /// source form a section and the page still streams row by row.
    /// </summary>
    internal static class SourceGroupHtml
    {
        /// <summary>Whether <paramref name="row"/> belongs to the section opened for <paramref name="sourcePath"/>.</summary>
        internal static bool Continues(string? sourcePath, ReportRow row)
            => string.Equals(Normalize(sourcePath), Normalize(row.SourcePath), StringComparison.Ordinal);

        internal static void AppendOpen(StringBuilder html, string? sourcePath, ReportImages images)
        {
            if (string.IsNullOrEmpty(sourcePath))
            {
                html.Append("<section class=\"group text-only\">\n<h2 class=\"group-title\">Text to image <span>(no source image)</span></h2>\n<div class=\"tiles\">\n");
                return;
            }

            string name = Path.GetFileName(sourcePath);
            html.Append("<section class=\"group\">\n<h2 class=\"group-title\" title=\"").AppendEscaped(sourcePath).Append("\">")
                .AppendEscaped(name).Append("</h2>\n<div class=\"tiles\">\n")
                .Append("<figure class=\"source\">");
            images.AppendFrame(html, sourcePath!, "Source " + name);
            html.Append("<figcaption><span class=\"tag\">Source</span></figcaption></figure>\n");
        }

        internal static void AppendClose(StringBuilder html) => html.Append("</div>\n</section>\n");

        private static string? Normalize(string? sourcePath) => string.IsNullOrEmpty(sourcePath) ? null : sourcePath;
    }
}
