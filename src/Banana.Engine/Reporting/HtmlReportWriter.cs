using System;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

using Banana.Shared;

namespace Banana.Engine.Reporting
{
    /// <summary>
    /// Writes a batch's <c>report.html</c>: one self-contained page (inline style and script, no server, no external
    /// assets) that links result images in the output folder and source images where they are, by relative URL.
    /// </summary>
    public static class HtmlReportWriter
    {
        /// <summary>The report's usual name in the output folder.</summary>
        public const string DefaultFileName = "report.html";

        private const int BufferSize = 64 * 1024;

        /// <summary>
        /// Writes <paramref name="model"/> to <paramref name="reportPath"/> atomically: the page is streamed to a
        /// temporary file in the same folder, then moved over any earlier report, so a reader never sees half a page
        /// and a failure or cancellation leaves the earlier report (and no temporary file) behind.
        /// </summary>
        public static async Task WriteAsync(ReportModel model, string reportPath, CancellationToken cancellationToken = default)
        {
            if (model is null)
            {
                throw new ArgumentNullException(nameof(model));
            }

            if (string.IsNullOrEmpty(reportPath))
            {
                throw new ArgumentException("A report path is required.", nameof(reportPath));
            }

            string fullPath = Path.GetFullPath(reportPath);
            string directory = Path.GetDirectoryName(fullPath)
                ?? throw new ArgumentException("The report path must name a file, not a root.", nameof(reportPath));
            await AtomicFile.WriteAsync(
                fullPath,
                "tmp",
                async stream =>
                {
                    using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), BufferSize, leaveOpen: true);
                    await ReportDocument.WriteAsync(model, writer, directory, cancellationToken).ConfigureAwait(false);
                    await writer.FlushAsync().ConfigureAwait(false);
                },
                cancellationToken).ConfigureAwait(false);
        }
    }
}
