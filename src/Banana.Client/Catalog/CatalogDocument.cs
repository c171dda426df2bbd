using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace Banana.Client.Catalog
{
    // The shape of models.json (built-in) and of a user's catalog file. In a user file every field but "name" may
    // be left out: a known model keeps its built-in value, a new model leaves that check undone.

    internal sealed class CatalogDocument
    {
        [JsonPropertyName("checked")]
        public string? Checked { get; set; }

        [JsonPropertyName("models")]
        public List<CatalogEntry?>? Models { get; set; }
    }

    internal sealed class CatalogEntry
    {
        [JsonPropertyName("name")]
        public string? Name { get; set; }

        [JsonPropertyName("imageSizes")]
        public List<string>? ImageSizes { get; set; }

        [JsonPropertyName("aspectRatios")]
        public List<string>? AspectRatios { get; set; }

        [JsonPropertyName("credits")]
        public long? Credits { get; set; }

        [JsonPropertyName("typicalSeconds")]
        public double? TypicalSeconds { get; set; }

        [JsonPropertyName("note")]
        public string? Note { get; set; }
    }
}
