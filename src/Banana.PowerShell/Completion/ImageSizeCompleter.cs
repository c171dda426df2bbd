using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using Banana.Client;

namespace Banana.PowerShell.Completion
{
    /// <summary>Completes -ImageSize with the sizes of the -Model already typed (nothing for models that take no size).</summary>
    public sealed class ImageSizeCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(
            string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var sizes = CompletionValues.BoundModel(fakeBoundParameters) is { } model && ModelCatalog.IsKnownModel(model)
                ? ModelCatalog.ImageSizesFor(model)
                : ModelCatalog.AllImageSizes;
            foreach (var size in CompletionValues.Matching(sizes, wordToComplete))
            {
                yield return new CompletionResult(size, size, CompletionResultType.ParameterValue, size);
            }
        }
    }
}
