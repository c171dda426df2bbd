using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Banana.Engine.Manifest;

namespace Banana.Engine.Planning
{
    /// <summary>
    /// Removes the <c>&lt;result&gt;.&lt;random&gt;.partial</c> files that downloads of a killed run left next to the
    /// results (a clean stop deletes its own). Only files of exactly that shape, named after a result the manifest owns,
    /// are touched: the output folder may hold the person's own files.
    /// </summary>
    internal static class LeftoverPartials
    {
        private const string Suffix = ".partial";

        // The downloader's random part: the stem of Path.GetRandomFileName(), eight lower-case letters and digits.
        private const int TokenLength = 8;

        /// <summary>Deletes the leftovers it can; returns how many went.</summary>
        public static int Remove(string outputDirectory, IEnumerable<ManifestJob> rows)
        {
            var owned = new HashSet<string>(StringComparer.Ordinal);
            foreach (var row in rows)
            {
                owned.Add(row.OutputName);
                owned.UnionWith(row.Outputs);
            }

            var removed = 0;
            foreach (var path in Directory.EnumerateFiles(outputDirectory, "*" + Suffix))
            {
                if (IsPartialOf(Path.GetFileName(path), owned) && TryDelete(path))
                {
                    removed++;
                }
            }

            return removed;
        }

        private static bool IsPartialOf(string fileName, HashSet<string> owned)
        {
            var tokenStart = fileName.Length - Suffix.Length - TokenLength;
            if (tokenStart < 2 || !fileName.EndsWith(Suffix, StringComparison.Ordinal) || fileName[tokenStart - 1] != '.')
            {
                return false;
            }

            var token = fileName.Substring(tokenStart, TokenLength);
            return token.All(c => (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
                && owned.Contains(fileName.Substring(0, tokenStart - 1));
        }

        // A leftover that cannot go now (still open elsewhere, say) is tried again by the next run.
        private static bool TryDelete(string path)
        {
            try
            {
                File.Delete(path);
                return true;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return false;
            }
        }
    }
}
