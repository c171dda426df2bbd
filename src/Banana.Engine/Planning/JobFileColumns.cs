using System.Collections.Generic;

namespace Banana.Engine.Planning
{
    /// <summary>The columns a job file may have; names are matched ignoring case.</summary>
    internal static class JobFileColumns
    {
        public const string Images = "Images";
        public const string Prompt = "Prompt";
        public const string Name = "Name";
        public const string Model = "Model";
        public const string AspectRatio = "AspectRatio";
        public const string ImageSize = "ImageSize";
        public const string Count = "Count";

        public static IReadOnlyList<string> All { get; } = new[] { Images, Prompt, Name, Model, AspectRatio, ImageSize, Count };

        /// <summary>The canonical spelling of <paramref name="written"/>, or null for a column nobody reads.</summary>
        public static string? Canonical(string written)
        {
            var trimmed = written.Trim();
            foreach (var column in All)
            {
                if (string.Equals(column, trimmed, System.StringComparison.OrdinalIgnoreCase))
                {
                    return column;
                }
            }

            return null;
        }
    }
}
