using System;
using System.IO;
using System.Text;

namespace Banana.Engine
{
    /// <summary>
    /// Builds file names for results from local names only, and keeps every path inside the output folder, so
    /// nothing the service sends back can steer where a file is written.
    /// </summary>
    internal static class OutputNames
    {
        // Invalid on Windows even when the current OS would accept them: a batch folder may move between systems.
        private const string PortableInvalidChars = "\\/:*?\"<>|";

        // Path.GetInvalidFileNameChars copies its array on every call.
        private static readonly char[] PlatformInvalidChars = Path.GetInvalidFileNameChars();

        /// <summary>A file-name-safe version of <paramref name="text"/>, or null when nothing usable is left.</summary>
        public static string? Sanitize(string? text)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return null;
            }

            var builder = new StringBuilder(text!.Length);
            foreach (var c in text)
            {
                builder.Append(IsInvalid(c) ? '_' : c);
            }

            var cleaned = builder.ToString().Trim().Trim('.').Trim();
            return cleaned.Length == 0 ? null : cleaned;
        }

        /// <summary>
        /// Whether <see cref="Sanitize"/> would give <paramref name="name"/> back unchanged, without building anything:
        /// a 50,000-job manifest checks 100,000 names when it is read.
        /// </summary>
        public static bool IsSanitized(string? name)
        {
            if (string.IsNullOrEmpty(name) || IsTrimmed(name![0]) || IsTrimmed(name[name.Length - 1]))
            {
                return false;
            }

            foreach (var c in name)
            {
                if (IsInvalid(c))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsInvalid(char c) => c < 32 || PortableInvalidChars.IndexOf(c) >= 0 || Array.IndexOf(PlatformInvalidChars, c) >= 0;

        private static bool IsTrimmed(char c) => c == '.' || char.IsWhiteSpace(c);

        /// <summary>The stem of the last path segment of an http(s) URL, sanitized; null for data URIs and odd URLs.</summary>
        public static string? StemFromUrl(string? url)
        {
            if (string.IsNullOrEmpty(url) || !Uri.TryCreate(url, UriKind.Absolute, out var uri)
                || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                return null;
            }

            var segment = Uri.UnescapeDataString(uri.AbsolutePath.TrimEnd('/'));
            var slash = segment.LastIndexOf('/');
            return Sanitize(Path.GetFileNameWithoutExtension(segment.Substring(slash + 1)));
        }

        /// <summary>
        /// The file name of result <paramref name="resultIndex"/> (0-based) of a job named <paramref name="outputName"/>:
        /// the first keeps the name, extra images of the same task become <c>&lt;stem&gt;-2.png</c>, <c>-3</c>, ...
        /// </summary>
        public static string ResultName(string outputName, int resultIndex)
            => resultIndex == 0 ? outputName : $"{Path.GetFileNameWithoutExtension(outputName)}-{resultIndex + 1}.png";

        /// <summary>The full path of <paramref name="fileName"/> in <paramref name="directory"/>; throws if it would escape it.</summary>
        public static string Confine(string directory, string fileName)
        {
            var root = Path.GetFullPath(directory);
            var full = Path.GetFullPath(Path.Combine(root, fileName));
            var rootWithSeparator = root.EndsWith(Path.DirectorySeparatorChar.ToString(), StringComparison.Ordinal)
                ? root
                : root + Path.DirectorySeparatorChar;
            if (!full.StartsWith(rootWithSeparator, StringComparison.Ordinal) || Path.GetFileName(full) != fileName)
            {
                throw new InvalidOperationException($"The output name '{fileName}' does not stay inside '{root}'.");
            }

            return full;
        }
    }
}
