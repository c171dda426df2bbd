using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;

namespace Banana.Client.Upload
{
    /// <summary>
    /// The <c>Content-Disposition</c> of the file part of a form upload. A file name may hold characters a quoted
    /// header value cannot (<c>"</c> is legal in Linux and macOS names, and .NET throws on it); they are
    /// percent-encoded the way browsers send form files (HTML's multipart/form-data rules), and the exact name
    /// travels in <c>filename*</c> (RFC 6266) for a server that reads it.
    /// </summary>
    internal static class MultipartFileName
    {
        public static HttpContent Attach(HttpContent file, string partName, string fileName)
        {
            file.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data")
            {
                Name = partName,
                FileName = Escape(fileName),
                FileNameStar = fileName,
            };
            return file;
        }

        /// <summary><c>"</c>, <c>\</c>, CR, LF and other control characters become <c>%XX</c>; everything else is kept.</summary>
        internal static string Escape(string fileName)
        {
            var escaped = new StringBuilder(fileName.Length);
            foreach (var c in fileName)
            {
                if (c == '"' || c == '\\' || c == '%' || char.IsControl(c))
                {
                    escaped.Append('%').Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
                }
                else
                {
                    escaped.Append(c);
                }
            }

            // The header setter quotes a value with spaces itself, and encodes non-ASCII; an empty name becomes a neutral one.
            return escaped.Length == 0 ? "file" : escaped.ToString();
        }
    }
}
