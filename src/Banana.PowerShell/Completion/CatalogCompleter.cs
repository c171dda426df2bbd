using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace Banana.PowerShell.Completion
{
    /// <summary>
    /// Completion from the model catalog: the values starting with what was typed (quotes ignored), in catalog
    /// order. Subclasses say which values fit the -Model already on the command line.
    /// </summary>
    public abstract class CatalogCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(
            string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var typed = (wordToComplete ?? string.Empty).Trim('\'', '"');
            var model = fakeBoundParameters?["Model"]?.ToString();
            IEnumerable<string> candidates;
            try
            {
                candidates = Candidates(model);
            }
            catch (Banana.Client.ModelCatalogException)
            {
                // A broken user catalog file: completion offers nothing; the cmdlets themselves say what is wrong.
                return Array.Empty<CompletionResult>();
            }

            return candidates
                .Where(value => value.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
                .Select(value => new CompletionResult(value, value, CompletionResultType.ParameterValue, ToolTip(value)))
                .ToList();
        }

        /// <summary>The values that fit <paramref name="boundModel"/> (null or unknown: all of them).</summary>
        protected abstract IEnumerable<string> Candidates(string? boundModel);

        protected virtual string ToolTip(string value) => value;
    }
}
