using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading;
using Banana.Client.Catalog;

namespace Banana.Client
{
    /// <summary>
    /// The models, aspect ratios, image sizes, credits and typical durations the service is known to offer: data
    /// shipped inside this assembly (Catalog/models.json, with the date it was checked), extended or overridden by
    /// the user's file at <see cref="UserCatalogPath"/>. A combination the catalog knows to be wrong is refused
    /// before any credit is spent; a model it does not know is sent as asked, with one warning.
    /// </summary>
    public static class ModelCatalog
    {
        public const string DefaultModel = "nano-banana-fast";
        public const string DefaultAspectRatio = "auto";

        /// <summary>Environment variable naming another user catalog file than the one in the config folder.</summary>
        public const string PathVariable = "BANANA_MODEL_CATALOG";

        private static Lazy<CatalogData> data = NewLoader();

        /// <summary>
        /// The user's catalog file: <c>$env:BANANA_MODEL_CATALOG</c> when set, else <c>%APPDATA%\Banana\models.json</c> on
        /// Windows and <c>$XDG_CONFIG_HOME/banana/models.json</c> (usually <c>~/.config/banana/models.json</c>) elsewhere.
        /// It need not exist. Null when no config folder is known.
        /// </summary>
        public static string? UserCatalogPath
        {
            get
            {
                var named = Environment.GetEnvironmentVariable(PathVariable);
                if (!string.IsNullOrWhiteSpace(named))
                {
                    return Path.GetFullPath(named);
                }

                var config = Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData);
                if (string.IsNullOrEmpty(config))
                {
                    return null;
                }

                var folder = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "Banana" : "banana";
                return Path.Combine(config, folder, "models.json");
            }
        }

        /// <summary>Every model, built-in ones first in their order, then the user's additions.</summary>
        /// <exception cref="ModelCatalogException">The user's file is unreadable or malformed.</exception>
        public static IReadOnlyList<ModelInfo> Entries => Data.Entries;

        /// <summary>The date (yyyy-MM-dd) the built-in data was last checked against public sources.</summary>
        public static string? CheckedOn => Data.CheckedOn;

        public static IReadOnlyList<string> Models => Entries.Select(e => e.Name).ToArray();

        /// <summary>Every ratio any model takes, in catalog order.</summary>
        public static IReadOnlyList<string> AllAspectRatios
            => Entries.SelectMany(e => e.AspectRatios ?? Array.Empty<string>()).Distinct(StringComparer.Ordinal).ToArray();

        /// <summary>Every size any model takes, in catalog order.</summary>
        public static IReadOnlyList<string> AllImageSizes
            => Entries.SelectMany(e => e.ImageSizes ?? Array.Empty<string>()).Distinct(StringComparer.Ordinal).OrderBy(s => s, StringComparer.Ordinal).ToArray();

        /// <summary>The entry of <paramref name="model"/>, or null when the catalog does not know it.</summary>
        public static ModelInfo? Find(string? model) => Data.Find(model);

        public static bool IsKnownModel(string model) => Find(model) is not null;

        /// <summary>The ratios a model takes; every known ratio for a model (or a check) the catalog does not know.</summary>
        public static IReadOnlyList<string> AspectRatiosFor(string model) => Find(model)?.AspectRatios ?? AllAspectRatios;

        /// <summary>The sizes a model takes; empty when it takes no <c>imageSize</c>; every known size when not known.</summary>
        public static IReadOnlyList<string> ImageSizesFor(string model) => Find(model)?.ImageSizes ?? AllImageSizes;

        /// <summary>Credits per image as last seen in public tables, when known.</summary>
        public static long? CostPerImage(string model) => Find(model)?.Credits;

        /// <summary>How long a task of the model usually takes, when known: the wait before its first poll.</summary>
        public static TimeSpan? TypicalDuration(string model) => Find(model)?.TypicalDuration;

        /// <summary>
        /// Refuses (<see cref="GrsaiValidationException"/>) what the catalog knows the service would refuse. Returns the
        /// warning to show once when the model is not in the catalog (it is still sent), else null.
        /// </summary>
        public static string? Validate(string model, string aspectRatio, string? imageSize)
        {
            if (string.IsNullOrWhiteSpace(model))
            {
                throw new GrsaiValidationException($"No model named. Known models: {string.Join(", ", Models)}.", "Model");
            }

            if (Find(model) is not { } entry)
            {
                return $"Model '{model}' is not in the catalog: sizes and ratios not checked. It is sent as asked; "
                    + $"add it to {UserCatalogPath ?? "a user catalog file"} to have it checked.";
            }

            if (entry.AspectRatios is { } ratios && !ratios.Contains(aspectRatio, StringComparer.Ordinal))
            {
                throw new GrsaiValidationException(
                    $"Aspect ratio '{aspectRatio}' is not offered by {model}. Use one of: {string.Join(", ", ratios)}.",
                    "AspectRatio");
            }

            if (string.IsNullOrEmpty(imageSize) || entry.ImageSizes is not { } sizes)
            {
                return null;
            }

            if (sizes.Count == 0)
            {
                throw new GrsaiValidationException(
                    $"{model} takes no image size: leave the size out, or pick a model that takes one (for example nano-banana-pro).",
                    "ImageSize");
            }

            if (!sizes.Contains(imageSize!, StringComparer.Ordinal))
            {
                throw new GrsaiValidationException(
                    $"Image size '{imageSize}' is not offered by {model}. Use one of: {string.Join(", ", sizes)}.",
                    "ImageSize");
            }

            return null;
        }

        /// <summary>Reads the catalog again on next use (after the user's file changed, or in tests).</summary>
        public static void Reload() => Interlocked.Exchange(ref data, NewLoader());

        private static CatalogData Data => data.Value;

        private static Lazy<CatalogData> NewLoader()
            => new Lazy<CatalogData>(() => CatalogData.Load(UserCatalogPath), LazyThreadSafetyMode.ExecutionAndPublication);
    }
}
