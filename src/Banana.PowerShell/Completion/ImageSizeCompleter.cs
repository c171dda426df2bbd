using System.Collections.Generic;
using Banana.Client;

namespace Banana.PowerShell.Completion
{
    /// <summary>Completes -ImageSize with the sizes of the -Model already typed (nothing for models that take no size).</summary>
    public sealed class ImageSizeCompleter : CatalogCompleter
    {
        protected override IEnumerable<string> Candidates(string? boundModel)
            => boundModel is not null && ModelCatalog.IsKnownModel(boundModel)
                ? ModelCatalog.ImageSizesFor(boundModel)
                : ModelCatalog.AllImageSizes;
    }
}
