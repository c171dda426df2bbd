using System;
using System.Globalization;
using System.IO;
using System.Text;

namespace Banana.Engine.Reporting
{
    /// <summary>One job's card: status line, prompt, source thumbnail next to its results, error, ids and result links.</summary>
    internal static class JobCardHtml
    {
        internal static void Append(StringBuilder html, ReportRow row, string reportDirectory)
        {
            string statusKey = ReportStatus.Key(row.Status);
            html.Append("<article class=\"job\" data-status=\"").Append(statusKey).Append("\">\n");
            AppendHead(html, row, statusKey);
            html.Append("<p class=\"prompt\">").AppendEscaped(row.Prompt).Append("</p>\n");
            html.Append("<div class=\"media\">");
            AppendSource(html, row, reportDirectory);
            AppendResults(html, row, reportDirectory);
            html.Append("</div>\n");
            AppendError(html, row);
            AppendFooter(html, row);
            html.Append("</article>\n");
        }

        private static void AppendHead(StringBuilder html, ReportRow row, string statusKey)
        {
            html.Append("<div class=\"job-head\"><span class=\"status st-").Append(statusKey).Append("\">")
                .AppendEscaped(row.Status.Length > 0 ? row.Status : "Unknown").Append("</span>");
            if (row.PromptNumber > 0)
            {
                html.Append("<span class=\"pnum\">Prompt ").Append(row.PromptNumber.ToString(CultureInfo.InvariantCulture)).Append("</span>");
            }

            if (row.Attempts > 0)
            {
                html.Append("<span class=\"meta\">").Append(row.Attempts.ToString(CultureInfo.InvariantCulture))
                    .Append(row.Attempts == 1 ? " attempt" : " attempts").Append("</span>");
            }

            html.Append("</div>\n");
        }

        private static void AppendSource(StringBuilder html, ReportRow row, string reportDirectory)
        {
            if (string.IsNullOrEmpty(row.SourcePath))
            {
                html.Append("<figure class=\"source text-only\"><div class=\"placeholder\">Aa</div><figcaption>text to image</figcaption></figure>");
                return;
            }

            string sourcePath = row.SourcePath!;
            string url = ReportLinks.FromReportTo(reportDirectory, sourcePath);
            string name = Path.GetFileName(sourcePath);
            html.Append("<figure class=\"source\"><a href=\"").AppendEscaped(url).Append("\" target=\"_blank\">")
                .Append("<img src=\"").AppendEscaped(url).Append("\" loading=\"lazy\" decoding=\"async\" alt=\"Source ")
                .AppendEscaped(name).Append("\"></a><figcaption title=\"").AppendEscaped(sourcePath).Append("\">")
                .AppendEscaped(name).Append("</figcaption></figure>");
        }

        private static void AppendResults(StringBuilder html, ReportRow row, string reportDirectory)
        {
            html.Append("<div class=\"results\">");
            if (row.OutputFiles.Count == 0)
            {
                html.Append("<div class=\"no-result\">no result</div>");
            }

            for (int i = 0; i < row.OutputFiles.Count; i++)
            {
                string url = ReportLinks.FromReportTo(reportDirectory, row.OutputFiles[i]);
                string name = Path.GetFileName(row.OutputFiles[i]);
                html.Append("<a class=\"result\" href=\"").AppendEscaped(url).Append("\" target=\"_blank\" title=\"")
                    .AppendEscaped(name).Append("\"><img src=\"").AppendEscaped(url)
                    .Append("\" loading=\"lazy\" decoding=\"async\" alt=\"Result ").AppendEscaped(name).Append("\"></a>");
            }

            html.Append("</div>");
        }

        private static void AppendError(StringBuilder html, ReportRow row)
        {
            if (string.IsNullOrEmpty(row.ErrorId) && string.IsNullOrEmpty(row.ErrorMessage))
            {
                return;
            }

            html.Append("<p class=\"error\">");
            if (!string.IsNullOrEmpty(row.ErrorId))
            {
                html.Append("<code>").AppendEscaped(row.ErrorId).Append("</code> ");
            }

            html.AppendEscaped(row.ErrorMessage).Append("</p>\n");
        }

        /// <summary>The ids a person quotes when asking for help, and the API's own copies of the results.</summary>
        private static void AppendFooter(StringBuilder html, ReportRow row)
        {
            html.Append("<footer class=\"job-foot\"><span class=\"jid\" title=\"Job id\">").AppendEscaped(row.JobId).Append("</span>");
            if (!string.IsNullOrEmpty(row.TaskId))
            {
                html.Append("<span class=\"task\" title=\"Task id\">").AppendEscaped(row.TaskId).Append("</span>");
            }

            bool anyLink = false;
            for (int i = 0; i < row.ResultUrls.Count; i++)
            {
                string url = row.ResultUrls[i];

                // Only web links: a javascript: or data: "URL" from a server must not become something clickable.
                if (!url.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
                    && !url.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                html.Append(anyLink ? " " : "<span class=\"links\" title=\"The API's copies of the results: they expire about 2 hours after generation\">online (~2 h):");
                anyLink = true;
                html.Append("<a href=\"").AppendEscaped(url).Append("\" target=\"_blank\" rel=\"noreferrer\">")
                    .Append((i + 1).ToString(CultureInfo.InvariantCulture)).Append("</a>");
            }

            html.Append(anyLink ? "</span></footer>\n" : "</footer>\n");
        }
    }
}
