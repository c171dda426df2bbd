using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;

namespace Banana.PowerShell.Completion
{
    /// <summary>Filtering shared by the completers.</summary>
    internal static class CompletionValues
    {
        /// <summary>The values starting with what was typed (quotes ignored), in catalog order.</summary>
        public static IEnumerable<string> Matching(IEnumerable<string> values, string? wordToComplete)
        {
            var typed = (wordToComplete ?? string.Empty).Trim('\'', '"');
            return values.Where(v => v.StartsWith(typed, StringComparison.OrdinalIgnoreCase));
        }

        /// <summary>The -Model value already on the command line, if any.</summary>
        public static string? BoundModel(IDictionary? fakeBoundParameters)
            => fakeBoundParameters?["Model"] is { } model ? model.ToString() : null;
    }
}
