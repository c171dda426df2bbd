using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace Banana.Engine.Reporting
{
    /// <summary>
    /// URLs from the report to files on disk. Relative URLs keep the report working when the output folder is opened
    /// from anywhere (and when the output folder and input folder move together); each path segment is
    /// percent-encoded as UTF-8 so names with spaces, CJK, brackets, '#' or '%' resolve to the same file.
    /// </summary>
    internal static class ReportLinks
    {
        /// <summary>
        /// The URL of <paramref name="filePath"/> as seen from a page in <paramref name="reportDirectory"/>: relative
        /// when both share a root, an absolute <c>file:</c> URL otherwise (another drive on Windows).
        /// A relative <paramref name="filePath"/> is taken relative to the report's folder.
        /// </summary>
        internal static string FromReportTo(string reportDirectory, string filePath)
        {
            string fullDirectory = Path.GetFullPath(reportDirectory);
            string fullFile = Path.GetFullPath(Path.Combine(fullDirectory, filePath));
            string directoryRoot = Path.GetPathRoot(fullDirectory) ?? string.Empty;
            string fileRoot = Path.GetPathRoot(fullFile) ?? string.Empty;
            if (!string.Equals(directoryRoot, fileRoot, StringComparison.OrdinalIgnoreCase))
            {
                return ToFileUrl(fullFile);
            }

            // Ordinal comparison is always correct: on a case-insensitive disk a case mismatch only makes the URL
            // climb higher than it needs to, it still names the same file.
            List<string> from = Segments(fullDirectory.Substring(directoryRoot.Length));
            List<string> to = Segments(fullFile.Substring(fileRoot.Length));
            int common = 0;
            while (common < from.Count && common < to.Count - 1 && string.Equals(from[common], to[common], StringComparison.Ordinal))
            {
                common++;
            }

            var url = new StringBuilder();
            for (int i = common; i < from.Count; i++)
            {
                url.Append("../");
            }

            AppendEncodedSegments(url, to, common);
            return url.ToString();
        }

        /// <summary>The full path of <paramref name="filePath"/>, taken relative to the report's folder when it is relative.</summary>
        internal static string Resolve(string reportDirectory, string filePath)
            => Path.GetFullPath(Path.Combine(Path.GetFullPath(reportDirectory), filePath));

        /// <summary>An absolute <c>file:</c> URL: <c>file:///tmp/a%20b.png</c>, <c>file:///C:/x.png</c>, <c>file://server/share/x.png</c>.</summary>
        internal static string ToFileUrl(string fullPath)
        {
            string root = Path.GetPathRoot(fullPath) ?? string.Empty;
            var url = new StringBuilder("file://");
            string trimmedRoot = root.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
            if (root.StartsWith(@"\\", StringComparison.Ordinal))
            {
                // UNC: \\server\share becomes the URL's host and first segment.
                List<string> unc = Segments(trimmedRoot);
                url.Append(unc[0]);
                for (int i = 1; i < unc.Count; i++)
                {
                    url.Append('/').Append(EncodeSegment(unc[i]));
                }
            }
            else if (trimmedRoot.Length > 0)
            {
                // A drive ("C:") stays as is: browsers expect file:///C:/ and would not decode an escaped colon there.
                url.Append('/').Append(trimmedRoot);
            }

            url.Append('/');
            AppendEncodedSegments(url, Segments(fullPath.Substring(root.Length)), 0);
            return url.ToString();
        }

        /// <summary>
        /// Percent-encodes one path segment: every byte of its UTF-8 form except RFC 3986's unreserved characters, so
        /// '#', '?', '%', spaces, brackets and CJK all reach the file system unchanged.
        /// </summary>
        internal static string EncodeSegment(string segment)
        {
            var encoded = new StringBuilder(segment.Length);
            foreach (byte b in Encoding.UTF8.GetBytes(segment))
            {
                char c = (char)b;
                bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~';
                if (unreserved)
                {
                    encoded.Append(c);
                }
                else
                {
                    encoded.Append('%').Append(HexDigits[b >> 4]).Append(HexDigits[b & 0xF]);
                }
            }

            return encoded.ToString();
        }

        private const string HexDigits = "0123456789ABCDEF";

        private static List<string> Segments(string path)
        {
            var segments = new List<string>();
            foreach (string segment in path.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar))
            {
                if (segment.Length > 0)
                {
                    segments.Add(segment);
                }
            }

            return segments;
        }

        private static void AppendEncodedSegments(StringBuilder url, List<string> segments, int start)
        {
            for (int i = start; i < segments.Count; i++)
            {
                if (i > start)
                {
                    url.Append('/');
                }

                url.Append(EncodeSegment(segments[i]));
            }
        }
    }
}
