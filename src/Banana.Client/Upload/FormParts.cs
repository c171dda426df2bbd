using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;

namespace Banana.Client.Upload
{
    /// <summary>
    /// The <c>Content-Disposition</c> of a form upload's parts, written as browsers and curl write them: names quoted
    /// (.NET leaves a plain name bare, <c>name=token</c>, which some storage hosts refuse). A file name may hold
    /// characters a quoted header value cannot (<c>"</c> is legal in Linux and macOS names, and .NET throws on it):
    /// they are percent-encoded the way browsers send form files (HTML's multipart/form-data rules), and the exact
    /// name travels in <c>filename*</c> (RFC 6266) for a server that reads it.
    /// </summary>
    internal static class FormParts
    {
        /// <summary>A plain form field: <c>form-data; name="token"</c>.</summary>
        public static HttpContent Field(HttpContent content, string partName)
        {
            content.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = Quoted(partName) };
            return content;
        }

        /// <summary>The file part: <c>form-data; name="file"; filename="..."; filename*=utf-8''...</c>.</summary>
        public static HttpContent Attach(HttpContent file, string partName, string fileName)
        {
            file.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data")
            {
                Name = Quoted(partName),
                FileName = Quoted(Escape(fileName)),
                FileNameStar = fileName,
            };
            return file;
        }

        /// <summary>
        /// <c>"</c>, <c>\</c>, <c>%</c>, control characters and non-ASCII (as UTF-8 bytes) become <c>%XX</c>: what is
        /// left is printable ASCII that a quoted header value carries as it is.
        /// </summary>
        internal static string Escape(string fileName)
        {
            var escaped = new StringBuilder(fileName.Length);
            foreach (var b in Encoding.UTF8.GetBytes(fileName))
            {
                if (b == '"' || b == '\\' || b == '%' || b < 0x20 || b > 0x7E)
                {
                    escaped.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
                }
                else
                {
                    escaped.Append((char)b);
                }
            }

            return escaped.Length == 0 ? "file" : escaped.ToString();
        }

        private static string Quoted(string text) => "\"" + text + "\"";
    }
}
