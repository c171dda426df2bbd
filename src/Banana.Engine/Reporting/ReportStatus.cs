using System;

namespace Banana.Engine.Reporting
{
    /// <summary>Maps a row's free status text to the fixed keys the stylesheet and the status filter know.</summary>
    internal static class ReportStatus
    {
        internal const string Succeeded = "succeeded";
        internal const string Failed = "failed";
        internal const string Skipped = "skipped";
        internal const string Cancelled = "cancelled";
        internal const string Other = "other";

        private static readonly string[] KnownKeys = { Succeeded, Failed, Skipped, Cancelled };

        /// <summary>One of the constants above, never the raw text: it lands in class names and attributes.</summary>
        internal static string Key(string? status)
        {
            foreach (string known in KnownKeys)
            {
                if (string.Equals(status, known, StringComparison.OrdinalIgnoreCase))
                {
                    return known;
                }
            }

            return Other;
        }
    }
}
