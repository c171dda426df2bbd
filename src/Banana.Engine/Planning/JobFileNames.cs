using System.Globalization;
using System.IO;

namespace Banana.Engine.Planning
{
    /// <summary>
    /// How a job file row's results are named: <c>&lt;Name&gt;_&lt;n&gt;.png</c> when the row has a name; otherwise
    /// <c>&lt;first image stem&gt;_r&lt;row&gt;_&lt;n&gt;.png</c>, and <c>prompt_r&lt;row&gt;_&lt;n&gt;.png</c> for a text-only row.
    /// The row number keeps unnamed rows apart even when they share their first image. Names are fixed when a job is
    /// first planned (the manifest keeps them), so moving a row later does not rename its results.
    /// </summary>
    internal static class JobFileNames
    {
        public const string TextOnlyStem = "prompt";

        public static string Stem(JobFileRow row)
        {
            if (row.Name is not null)
            {
                return row.Name;
            }

            var first = row.ImagePaths.Count == 0 ? null : OutputNames.Sanitize(Path.GetFileNameWithoutExtension(row.ImagePaths[0]));
            return $"{first ?? TextOnlyStem}_r{row.Row.ToString(CultureInfo.InvariantCulture)}";
        }
    }
}
