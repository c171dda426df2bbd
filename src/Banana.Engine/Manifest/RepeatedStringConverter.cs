using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Banana.Engine.Manifest
{
    /// <summary>
    /// Reads a manifest field whose value repeats from row to row (a photo's path, hash and upload URL; the prompt; the
    /// model) as one string shared by every row that has it, while a <see cref="Sharing"/> scope is open on the thread.
    /// A 50,000-job manifest names each photo a hundred times: read as separate strings, they were about half of what
    /// the rows kept in memory, and copying them through the collector's generations was a third of reading the file.
    /// </summary>
    internal sealed class RepeatedStringConverter : JsonConverter<string>
    {
        // Per thread: the manifest is read synchronously on one thread, and tests read manifests side by side.
        [ThreadStatic]
        private static Dictionary<string, string>? shared;

        /// <summary>Shares repeated values until disposed; reading outside a scope gives plain strings.</summary>
        public static IDisposable Sharing() => new Scope();

        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var value = reader.GetString();
            var pool = shared;
            if (value is null || pool is null)
            {
                return value;
            }

            if (pool.TryGetValue(value, out var same))
            {
                return same;
            }

            pool[value] = value;
            return value;
        }

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

        private sealed class Scope : IDisposable
        {
            private readonly Dictionary<string, string>? outer = shared;

            public Scope() => shared = new Dictionary<string, string>(StringComparer.Ordinal);

            public void Dispose() => shared = outer;
        }
    }
}
