using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Banana.Engine.Reporting
{
    /// <summary>
    /// Streams the whole page to a <see cref="TextWriter"/>: head with inline style and script, the summary, then one
    /// card per row in sections by source image. Each card is built in a small reused buffer and written out, so memory
    /// does not grow with jobs.
    /// </summary>
    internal static class ReportDocument
    {
        internal static async Task WriteAsync(ReportModel model, TextWriter writer, string reportDirectory, CancellationToken cancellationToken)
        {
            var html = new StringBuilder(4096);
            var images = new ReportImages(reportDirectory, model.Thumbnails);
            AppendHead(html, model.Summary);
            AppendSummary(html, model.Summary);
            html.Append("<main class=\"jobs\"").Append(FrameStyle(model.Summary.AspectRatio)).Append(">\n");
            await writer.WriteAsync(html.ToString()).ConfigureAwait(false);

            bool anyRow = false;
            IReadOnlyList<string> groupReferences = Array.Empty<string>();
            foreach (ReportRow row in model.Rows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                html.Clear();
                if (!anyRow || !SourceGroupHtml.Continues(groupReferences, row))
                {
                    if (anyRow)
                    {
                        SourceGroupHtml.AppendClose(html);
                    }

                    groupReferences = row.References;
                    SourceGroupHtml.AppendOpen(html, groupReferences, images);
                }

                JobCardHtml.Append(html, row, images);
                await writer.WriteAsync(html.ToString()).ConfigureAwait(false);
                anyRow = true;
            }

            html.Clear();
            if (anyRow)
            {
                SourceGroupHtml.AppendClose(html);
            }
            else
            {
                html.Append("<p class=\"empty\">This batch has no jobs.</p>\n");
            }

            html.Append("<p class=\"filtered-empty\">No job has this status.</p>\n</main>\n</body>\n</html>\n");
            await writer.WriteAsync(html.ToString()).ConfigureAwait(false);
        }

        /// <summary>
        /// Image frames take the batch's aspect ratio ("3:4"), so results fill them and the source sits in the same
        /// shape; "auto" or anything unparsed keeps the stylesheet's square. Rebuilt from numbers, never copied as text.
        /// </summary>
        internal static string FrameStyle(string? aspectRatio)
        {
            string[] parts = (aspectRatio ?? string.Empty).Split(':');
            if (parts.Length == 2
                && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int width)
                && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int height)
                && width > 0 && height > 0 && width <= 100 && height <= 100)
            {
                return " style=\"--frame:" + width.ToString(CultureInfo.InvariantCulture) + "/" + height.ToString(CultureInfo.InvariantCulture) + "\"";
            }

            return string.Empty;
        }

        private static void AppendHead(StringBuilder html, ReportSummary summary)
        {
            html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .Append("<title>").AppendEscaped(summary.Title).Append("</title>\n")
                .Append("<style>").Append(ReportStyles.Css).Append("</style>\n")
                .Append("<script>").Append(ReportScript.Js).Append("</script>\n")
                .Append("</head>\n<body data-filter=\"all\">\n");
        }

        private static void AppendSummary(StringBuilder html, ReportSummary summary)
        {
            html.Append("<header class=\"summary\">\n<div class=\"title-row\"><h1>").AppendEscaped(summary.Title)
                .Append("</h1><span class=\"generated\">").AppendEscaped(FormatTimestamp(summary.GeneratedAt)).Append("</span></div>\n");
            AppendProportionBar(html, summary);
            html.Append("<dl class=\"facts\">");
            AppendFact(html, "Elapsed", FormatElapsed(summary.Elapsed));
            AppendFact(html, "Model", summary.Model);
            AppendFact(html, "API", summary.Api);

            // What cost money without a result to show for it: said only when it happened.
            AppendFact(html, "Expired, charged again", summary.ExpiredChargedAgain > 0 ? summary.ExpiredChargedAgain.ToString(CultureInfo.InvariantCulture) : null);
            AppendFact(html, "May have been charged", summary.MayHaveBeenCharged > 0 ? summary.MayHaveBeenCharged.ToString(CultureInfo.InvariantCulture) : null);
            AppendFact(html, "Aspect ratio", summary.AspectRatio);
            AppendFact(html, "Image size", summary.ImageSize);
            AppendFact(html, "Input", summary.InputPath);
            AppendFact(html, "Output", summary.OutputPath);
            AppendFact(html, "Credits", CreditsText(summary));
            AppendFact(html, "Balance", BalanceText(summary));
            html.Append("</dl>\n</header>\n");

            // The filter bar stays on screen while scrolling through many jobs.
            html.Append("<nav class=\"filters\" aria-label=\"Filter jobs by status\">");
            AppendFilter(html, "all", "All", summary.Total, pressed: true);
            AppendFilter(html, ReportStatus.Succeeded, "Succeeded", summary.Succeeded, pressed: false);
            AppendFilter(html, ReportStatus.Failed, "Failed", summary.Failed, pressed: false);
            AppendFilter(html, ReportStatus.Skipped, "Skipped", summary.Skipped, pressed: false);
            AppendFilter(html, ReportStatus.Cancelled, "Cancelled", summary.Cancelled, pressed: false);
            html.Append("</nav>\n");
        }

        /// <summary>One stacked bar: the share of each outcome at a glance.</summary>
        private static void AppendProportionBar(StringBuilder html, ReportSummary summary)
        {
            if (summary.Total <= 0)
            {
                return;
            }

            html.Append("<div class=\"bar\" role=\"img\" aria-label=\"Outcome of ")
                .Append(summary.Total.ToString(CultureInfo.InvariantCulture)).Append(" jobs\">");
            AppendBarSegment(html, ReportStatus.Succeeded, summary.Succeeded, summary.Total);
            AppendBarSegment(html, ReportStatus.Failed, summary.Failed, summary.Total);
            AppendBarSegment(html, ReportStatus.Skipped, summary.Skipped, summary.Total);
            AppendBarSegment(html, ReportStatus.Cancelled, summary.Cancelled, summary.Total);
            html.Append("</div>\n");
        }

        private static void AppendBarSegment(StringBuilder html, string statusKey, int count, int total)
        {
            if (count <= 0)
            {
                return;
            }

            double percent = Math.Min(100.0, 100.0 * count / total);
            html.Append("<span class=\"st-").Append(statusKey).Append("\" style=\"width:")
                .Append(percent.ToString("0.###", CultureInfo.InvariantCulture)).Append("%\"></span>");
        }

        /// <summary>"about 3,600 estimated · budget 4,200: stopped it, 2 jobs not started".</summary>
        private static string? CreditsText(ReportSummary summary)
        {
            if (summary.CreditsEstimated is null && summary.MaxCredits is null)
            {
                return null;
            }

            var text = summary.CreditsEstimated is { } spent
                ? "about " + spent.ToString("N0", CultureInfo.InvariantCulture) + " estimated"
                : "estimate unknown";
            if (summary.MaxCredits is { } cap)
            {
                text += " · budget " + cap.ToString("N0", CultureInfo.InvariantCulture)
                    + (summary.NotStarted > 0
                        ? ": stopped the run, " + summary.NotStarted.ToString(CultureInfo.InvariantCulture) + " job(s) not started (resumable)"
                        : string.Empty);
            }

            return text;
        }

        /// <summary>"10,000 before · 6,400 after", where the service answered.</summary>
        private static string? BalanceText(ReportSummary summary)
            => summary.BalanceBefore is null && summary.BalanceAfter is null
                ? null
                : (summary.BalanceBefore?.ToString("N0", CultureInfo.InvariantCulture) ?? "unknown") + " before · "
                    + (summary.BalanceAfter?.ToString("N0", CultureInfo.InvariantCulture) ?? "unknown") + " after";

        private static void AppendFact(StringBuilder html, string label, string? value)
        {
            if (string.IsNullOrEmpty(value))
            {
                return;
            }

            html.Append("<div><dt>").Append(label).Append("</dt><dd>").AppendEscaped(value).Append("</dd></div>");
        }

        private static void AppendFilter(StringBuilder html, string key, string label, int count, bool pressed)
        {
            html.Append("<button type=\"button\" class=\"chip st-").Append(key).Append("\" data-filter=\"").Append(key)
                .Append("\" aria-pressed=\"").Append(pressed ? "true" : "false").Append("\">").Append(label)
                .Append(" <b>").Append(count.ToString(CultureInfo.InvariantCulture)).Append("</b></button>");
        }

        internal static string FormatElapsed(TimeSpan elapsed)
        {
            if (elapsed < TimeSpan.Zero)
            {
                elapsed = TimeSpan.Zero;
            }

            return ((long)elapsed.TotalHours).ToString(CultureInfo.InvariantCulture) + ":"
                + elapsed.Minutes.ToString("00", CultureInfo.InvariantCulture) + ":"
                + elapsed.Seconds.ToString("00", CultureInfo.InvariantCulture);
        }

        private static string FormatTimestamp(DateTimeOffset at) =>
            at.ToString("yyyy-MM-dd HH:mm:ss 'UTC'zzz", CultureInfo.InvariantCulture);
    }
}
