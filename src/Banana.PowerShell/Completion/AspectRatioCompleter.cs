using System.Collections.Generic;
using Banana.Client;

namespace Banana.PowerShell.Completion
{
    /// <summary>Completes -AspectRatio with the ratios of the -Model already typed (all ratios when none is).</summary>
    public sealed class AspectRatioCompleter : CatalogCompleter
    {
        protected override IEnumerable<string> Candidates(string? boundModel)
            => boundModel is not null && ModelCatalog.IsKnownModel(boundModel)
                ? ModelCatalog.AspectRatiosFor(boundModel)
                : ModelCatalog.AllAspectRatios;
    }
}
