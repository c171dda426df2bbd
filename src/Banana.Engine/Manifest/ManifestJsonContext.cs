using System.Text.Json.Serialization;

namespace Banana.Engine.Manifest
{
    /// <summary>
    /// Serialization code for the manifest, generated at compile time so the first manifest write of a batch (made
    /// before its first request) does not wait for System.Text.Json to discover the types by reflection.
    /// </summary>
    [JsonSerializable(typeof(ManifestDocument))]
    [JsonSerializable(typeof(ManifestJob))]
    internal sealed partial class ManifestJsonContext : JsonSerializerContext
    {
    }
}
