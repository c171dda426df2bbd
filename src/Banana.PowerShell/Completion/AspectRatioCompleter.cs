using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using Banana.Client;

namespace Banana.PowerShell.Completion
{
    /// <summary>Completes -AspectRatio with the ratios of the -Model already typed (all ratios when none is).</summary>
    public sealed class AspectRatioCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(
            string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var ratios = CompletionValues.BoundModel(fakeBoundParameters) is { } model && ModelCatalog.IsKnownModel(model)
                ? ModelCatalog.AspectRatiosFor(model)
                : ModelCatalog.AllAspectRatios;
            foreach (var ratio in CompletionValues.Matching(ratios, wordToComplete))
            {
                yield return new CompletionResult(ratio, ratio, CompletionResultType.ParameterValue, ratio);
            }
        }
    }
}
