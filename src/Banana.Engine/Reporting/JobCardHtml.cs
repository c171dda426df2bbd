using System;
using System.Globalization;
using System.IO;
using System.Text;

namespace Banana.Engine.Reporting
{
    /// <summary>
    /// One job's card inside its source's section: the results first and large, each with its file name (what the
    /// person came to see, lined up with the source and the other prompts' results), then status, prompt, ids and links.
    /// </summary>
    internal static class JobCardHtml
    {
        internal static void Append(StringBuilder html, ReportRow row, ReportImages images)
        {
            string statusKey = ReportStatus.Key(row.Status);
            html.Append("<article class=\"job\" data-status=\"").Append(statusKey).Append("\">\n");
            AppendResults(html, row, images);
            AppendHead(html, row, statusKey);
            html.Append("<p class=\"prompt\">").AppendEscaped(row.Prompt).Append("</p>\n");
            if (!string.IsNullOrWhiteSpace(row.Content))
            {
                // The model's own words beside its image (often a caption or a refusal it explained).
                html.Append("<p class=\"reply\" title=\"The model's reply\">").AppendEscaped(row.Content!).Append("</p>\n");
            }
            if (row.OutputFiles.Count > 0)
            {
                AppendError(html, row);
            }

            AppendFooter(html, row);
            html.Append("</article>\n");
        }

        private static void AppendResults(StringBuilder html, ReportRow row, ReportImages images)
        {
            html.Append("<div class=\"results").Append(row.OutputFiles.Count > 1 ? " several" : string.Empty).Append("\">");
            if (row.OutputFiles.Count == 0)
            {
                // The error takes the result's place, and "no result" its file name's, so the cards of one source
                // still line up line by line.
                html.Append("<div class=\"frame no-result\">");
                AppendError(html, row);
                html.Append("</div><div class=\"file none\">no result</div>");
            }

            for (int i = 0; i < row.OutputFiles.Count; i++)
            {
                string name = Path.GetFileName(row.OutputFiles[i]);
                html.Append("<figure class=\"result\">");
                images.AppendFrame(html, row.OutputFiles[i], "Result " + name);
                html.Append("<figcaption class=\"file\" title=\"").AppendEscaped(name).Append("\">")
                    .AppendEscaped(name).Append("</figcaption></figure>");
            }

            html.Append("</div>\n");
        }

        private static void AppendHead(StringBuilder html, ReportRow row, string statusKey)
        {
            html.Append("<div class=\"job-head\"><span class=\"status st-").Append(statusKey).Append("\">")
                .AppendEscaped(row.Status.Length > 0 ? row.Status : "Unknown").Append("</span>");
            if (row.Row is { } jobFileRow)
            {
                html.Append("<span class=\"pnum\">Row ").Append(jobFileRow.ToString(CultureInfo.InvariantCulture)).Append("</span>");
            }
            else if (row.PromptNumber > 0)
            {
                html.Append("<span class=\"pnum\">Prompt ").Append(row.PromptNumber.ToString(CultureInfo.InvariantCulture)).Append("</span>");
            }

            // One attempt is the norm; only a job that needed more says so.
            if (row.Attempts > 1)
            {
                html.Append("<span class=\"meta\">").Append(row.Attempts.ToString(CultureInfo.InvariantCulture))
                    .Append(" attempts").Append("</span>");
            }

            // What may have cost more than the one charge a job should: said on the card that paid it.
            if (row.ExpiredResubmissions > 0)
            {
                html.Append("<span class=\"charge\" title=\"Its recorded task had expired at the service (tasks live about two hours), so it was submitted and charged again\">")
                    .Append("expired, charged again").Append(row.ExpiredResubmissions > 1 ? " x" + row.ExpiredResubmissions.ToString(CultureInfo.InvariantCulture) : string.Empty)
                    .Append("</span>");
            }

            if (row.MayHaveBeenCharged)
            {
                html.Append("<span class=\"charge\" title=\"A submission was sent but its answer was lost: the service may have charged for a task nobody could collect\">")
                    .Append("may have been charged").Append("</span>");
            }

            html.Append("</div>\n");
        }

        private static bool HasError(ReportRow row) => !string.IsNullOrEmpty(row.ErrorId) || !string.IsNullOrEmpty(row.ErrorMessage);

        private static void AppendError(StringBuilder html, ReportRow row)
        {
            if (!HasError(row))
            {
                return;
            }

            html.Append("<p class=\"error\">");
            if (!string.IsNullOrEmpty(row.ErrorId))
            {
                html.Append("<code>").AppendEscaped(row.ErrorId).Append("</code> ");
            }

            html.AppendEscaped(ReportErrorText.Short(row)).Append("</p>");
        }

        /// <summary>The API's own copies of the results, and the ids a person quotes when asking for help.</summary>
        private static void AppendFooter(StringBuilder html, ReportRow row)
        {
            html.Append("<footer class=\"job-foot\">");
            AppendServiceLinks(html, row);
            html.Append("<span class=\"ids\"><span class=\"jid\" title=\"Job id\">").AppendEscaped(row.JobId).Append("</span>");
            if (!string.IsNullOrEmpty(row.TaskId))
            {
                html.Append(" <span class=\"task\" title=\"Task id ").AppendEscaped(row.TaskId).Append("\">").AppendEscaped(row.TaskId).Append("</span>");
            }

            html.Append("</span></footer>\n");
        }

        /// <summary>"Service copy · expires ~2 h after generation", or "Service copies: 1 2 · expire ..." for several results.</summary>
        private static void AppendServiceLinks(StringBuilder html, ReportRow row)
        {
            int webLinks = 0;
            foreach (string url in row.ResultUrls)
            {
                webLinks += IsWebLink(url) ? 1 : 0;
            }

            if (webLinks == 0)
            {
                return;
            }

            html.Append("<span class=\"links\" title=\"The service keeps its own copy of each result for about 2 hours after generation; the files above are yours to keep\">")
                .Append(webLinks == 1 ? string.Empty : "Service copies:");
            int shown = 0;
            foreach (string url in row.ResultUrls)
            {
                if (IsWebLink(url))
                {
                    shown++;
                    html.Append(webLinks == 1 ? "<a href=\"" : " <a href=\"").AppendEscaped(url).Append("\" target=\"_blank\" rel=\"noreferrer\">")
                        .Append(webLinks == 1 ? "Service copy" : shown.ToString(CultureInfo.InvariantCulture)).Append("</a>");
                }
            }

            html.Append(webLinks == 1 ? " · expires" : " · expire").Append(" ~2 h after generation</span>");
        }

        /// <summary>Only web links: a javascript: or data: "URL" from a server must not become something clickable.</summary>
        private static bool IsWebLink(string url)
            => url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("http://", StringComparison.OrdinalIgnoreCase);
    }
}
