using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using Banana.Client;

namespace Banana.PowerShell.Completion
{
    /// <summary>Completes -Model with the models the service offers, showing each one's reported cost.</summary>
    public sealed class ModelCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(
            string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            foreach (var model in CompletionValues.Matching(ModelCatalog.Models, wordToComplete))
            {
                var cost = ModelCatalog.CostPerImage(model) is { } credits ? $"{model} (about {credits} credits per image)" : model;
                yield return new CompletionResult(model, model, CompletionResultType.ParameterValue, cost);
            }
        }
    }
}
