using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Banana.Client.Wire
{
    internal static class WireJson
    {
        public static readonly JsonSerializerOptions Options = new JsonSerializerOptions
        {
            PropertyNameCaseInsensitive = true,
            NumberHandling = JsonNumberHandling.AllowReadingFromString,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            ReadCommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            TypeInfoResolver = JsonTypeInfoResolver.Combine(WireJsonContext.Default, new DefaultJsonTypeInfoResolver()),
        };

        public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

        /// <summary>Deserializes, or returns null when the text is not the expected JSON shape.</summary>
        public static T? TryDeserialize<T>(string json)
            where T : class
        {
            try
            {
                return JsonSerializer.Deserialize<T>(json, Options);
            }
            catch (JsonException)
            {
                return null;
            }
        }

        public static T? TryDeserialize<T>(JsonElement element)
            where T : class
        {
            try
            {
                return element.ValueKind == JsonValueKind.Object ? element.Deserialize<T>(Options) : null;
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }
}
