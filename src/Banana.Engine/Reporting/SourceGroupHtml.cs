using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace Banana.Engine.Reporting
{
    /// <summary>
    /// One section per source image (or per set of references: a job file row may combine several): their names as
    /// the heading, each reference once, then every prompt's card beside them, so a person compares what each prompt
    /// did to that photo. Text-to-image jobs get a section of their own, without a source. Rows arrive in plan order
    /// (all prompts of one image, then the next), so consecutive rows with the same references form a section and the
    /// page still streams row by row.
    /// </summary>
    internal static class SourceGroupHtml
    {
        /// <summary>Whether <paramref name="row"/> belongs to the section opened for <paramref name="sourcePath"/>.</summary>
        internal static bool Continues(IReadOnlyList<string> references, ReportRow row)
            => references.SequenceEqual(row.References, StringComparer.Ordinal);

        internal static void AppendOpen(StringBuilder html, IReadOnlyList<string> references, ReportImages images)
        {
            if (references.Count == 0)
            {
                html.Append("<section class=\"group text-only\">\n<h2 class=\"group-title\">Text to image <span>(no source image)</span></h2>\n<div class=\"tiles\">\n");
                return;
            }

            var names = string.Join(" + ", references.Select(Path.GetFileName));
            html.Append("<section class=\"group\">\n<h2 class=\"group-title\" title=\"").AppendEscaped(string.Join("\n", references)).Append("\">")
                .AppendEscaped(names).Append("</h2>\n<div class=\"tiles\">\n");
            for (var i = 0; i < references.Count; i++)
            {
                string name = Path.GetFileName(references[i]);
                string tag = references.Count == 1 ? "Source" : $"Reference {(i + 1).ToString(CultureInfo.InvariantCulture)}";
                html.Append("<figure class=\"source\">");
                images.AppendFrame(html, references[i], tag + " " + name);
                html.Append("<figcaption><span class=\"tag\">").AppendEscaped(tag).Append("</span></figcaption></figure>\n");
            }
        }

        internal static void AppendClose(StringBuilder html) => html.Append("</div>\n</section>\n");
    }
}
