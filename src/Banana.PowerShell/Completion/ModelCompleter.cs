using System.Collections.Generic;
using Banana.Client;

namespace Banana.PowerShell.Completion
{
    /// <summary>Completes -Model with the models the service offers, showing each one's reported cost.</summary>
    public sealed class ModelCompleter : CatalogCompleter
    {
        protected override IEnumerable<string> Candidates(string? boundModel) => ModelCatalog.Models;

        protected override string ToolTip(string value)
            => ModelCatalog.CostPerImage(value) is { } credits ? $"{value} (about {credits} credits per image)" : value;
    }
}
