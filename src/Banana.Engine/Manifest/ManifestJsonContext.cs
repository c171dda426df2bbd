using System.Text.Json.Serialization;

namespace Banana.Engine.Manifest
{
    /// <summary>
    /// Serialization code for the manifest, its journal rows and the lock's owner file, generated at compile time.
    /// Without it System.Text.Json discovers these types by reflection on every start: the first manifest write and
    /// the lock held up a batch's first request by tens of milliseconds. The names, enum spelling and escaping still
    /// come from the options each file is written with (<see cref="ManifestFile"/>, <see cref="BatchLock"/>).
    /// </summary>
    [JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
    [JsonSerializable(typeof(ManifestDocument))]
    [JsonSerializable(typeof(ManifestJob))]
    [JsonSerializable(typeof(BatchLockOwner))]
    internal sealed partial class ManifestJsonContext : JsonSerializerContext
    {
    }
}
