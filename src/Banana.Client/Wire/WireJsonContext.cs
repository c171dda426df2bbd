using System.Text.Json.Serialization;

namespace Banana.Client.Wire
{
    /// <summary>
    /// Serialization code for the wire types, generated at compile time: without it System.Text.Json discovers each
    /// type by reflection and emits accessors at run time, work a script's first request waited for. A wire type
    /// missing here still works through <see cref="WireJson.Options"/>' reflection fallback, only more slowly.
    /// </summary>
    [JsonSerializable(typeof(ServiceEnvelope))]
    [JsonSerializable(typeof(TaskSnapshotBody))]
    [JsonSerializable(typeof(UploadTokenBody))]
    [JsonSerializable(typeof(TaskIdBody))]
    [JsonSerializable(typeof(CreditsBody))]
    [JsonSerializable(typeof(UploadTokenRequest))]
    [JsonSerializable(typeof(ResultRequest))]
    [JsonSerializable(typeof(CreditsRequest))]
    [JsonSerializable(typeof(DrawRequest))]
    [JsonSerializable(typeof(GenerateRequestBody))]
    [JsonSerializable(typeof(Catalog.CatalogDocument))]
    internal sealed partial class WireJsonContext : JsonSerializerContext
    {
    }
}
