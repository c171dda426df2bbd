using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using Banana.Client.Wire;

namespace Banana.Client.Catalog
{
    /// <summary>One loaded catalog: the built-in data with the user's file laid over it, entry by entry, field by field.</summary>
    internal sealed class CatalogData
    {
        public const string BuiltInSource = "built-in";
        private const string ResourceName = "Banana.Client.Catalog.models.json";

        private readonly Dictionary<string, ModelInfo> byName;

        private CatalogData(IReadOnlyList<ModelInfo> entries, string? checkedOn)
        {
            Entries = entries;
            CheckedOn = checkedOn;
            byName = entries.ToDictionary(e => e.Name, StringComparer.Ordinal);
        }

        public IReadOnlyList<ModelInfo> Entries { get; }

        /// <summary>The date the built-in data was checked against public sources.</summary>
        public string? CheckedOn { get; }

        public ModelInfo? Find(string? model) => model is not null && byName.TryGetValue(model, out var entry) ? entry : null;

        /// <summary>The built-in catalog with <paramref name="userFile"/> laid over it when that file exists.</summary>
        public static CatalogData Load(string? userFile)
        {
            var builtIn = Parse(ReadBuiltIn(), BuiltInSource);
            var entries = new List<ModelInfo>();
            foreach (var entry in builtIn.Models ?? new List<CatalogEntry?>())
            {
                entries.Add(ToInfo(entry!, inherited: null, BuiltInSource));
            }

            if (!string.IsNullOrEmpty(userFile) && File.Exists(userFile))
            {
                string text;
                try
                {
                    text = File.ReadAllText(userFile);
                }
                catch (Exception fault) when (fault is IOException or UnauthorizedAccessException)
                {
                    throw new ModelCatalogException($"The model catalog file '{userFile}' cannot be read: {fault.Message}", fault);
                }

                foreach (var entry in Parse(text, userFile!).Models ?? new List<CatalogEntry?>())
                {
                    var index = entries.FindIndex(e => e.Name == entry!.Name);
                    var info = ToInfo(entry!, index >= 0 ? entries[index] : null, userFile!);
                    if (index >= 0)
                    {
                        entries[index] = info;
                    }
                    else
                    {
                        entries.Add(info);
                    }
                }
            }

            return new CatalogData(entries, builtIn.Checked);
        }

        private static string ReadBuiltIn()
        {
            using var stream = typeof(CatalogData).GetTypeInfo().Assembly.GetManifestResourceStream(ResourceName)
                ?? throw new ModelCatalogException($"The built-in model catalog ({ResourceName}) is missing from Banana.Client.dll.");
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }

        private static CatalogDocument Parse(string json, string source)
        {
            CatalogDocument? document;
            try
            {
                document = JsonSerializer.Deserialize<CatalogDocument>(json, WireJson.Options);
            }
            catch (JsonException fault)
            {
                throw new ModelCatalogException(
                    $"The model catalog '{source}' is not valid JSON (line {fault.LineNumber + 1}): {fault.Message} Fix the file or remove it.", fault);
            }

            if (document?.Models is null)
            {
                throw new ModelCatalogException($"The model catalog '{source}' has no \"models\" list. Expected {{\"models\": [{{\"name\": \"...\", ...}}]}}.");
            }

            foreach (var entry in document.Models)
            {
                if (entry is null || string.IsNullOrWhiteSpace(entry.Name))
                {
                    throw new ModelCatalogException($"The model catalog '{source}' has an entry without a \"name\".");
                }

                if (entry.Credits < 0 || entry.TypicalSeconds < 0)
                {
                    throw new ModelCatalogException($"The model catalog '{source}' gives {entry.Name} a negative credits or typicalSeconds.");
                }
            }

            return document;
        }

        private static ModelInfo ToInfo(CatalogEntry entry, ModelInfo? inherited, string source) => new ModelInfo(
            entry.Name!.Trim(),
            entry.ImageSizes?.ToArray() ?? inherited?.ImageSizes,
            entry.AspectRatios?.ToArray() ?? inherited?.AspectRatios,
            entry.Credits ?? inherited?.Credits,
            entry.TypicalSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : inherited?.TypicalDuration,
            entry.Note ?? inherited?.Note,
            source);
    }
}
