using System;
using System.Collections.Generic;
using System.Linq;

namespace Banana.Client
{
    /// <summary>
    /// The models, aspect ratios and image sizes the service offers (grsai-api.md section 2), so that a bad
    /// combination is refused before any credit is spent. Also feeds the cmdlets' argument completion.
    /// </summary>
    public static class ModelCatalog
    {
        public const string DefaultModel = "nano-banana-fast";
        public const string DefaultAspectRatio = "auto";

        private static readonly string[] CommonRatios =
            { "auto", "1:1", "16:9", "9:16", "4:3", "3:4", "3:2", "2:3", "5:4", "4:5", "21:9" };

        private static readonly string[] ExtremeRatios = { "1:4", "4:1", "1:8", "8:1" };

        private static readonly string[] NoSizes = Array.Empty<string>();
        private static readonly string[] AnySize = { "1K", "2K", "4K" };
        private static readonly string[] UpTo2K = { "1K", "2K" };
        private static readonly string[] Only4K = { "4K" };

        private static readonly (string Name, string[] Sizes, bool Extreme, long Cost)[] Table =
        {
            ("nano-banana-fast", NoSizes, false, 440),
            ("nano-banana", NoSizes, false, 1400),
            ("nano-banana-pro", AnySize, false, 1800),
            ("nano-banana-pro-vt", AnySize, false, 1800),
            ("nano-banana-pro-cl", AnySize, false, 1800),
            ("nano-banana-pro-vip", UpTo2K, false, 7000),
            ("nano-banana-pro-4k-vip", Only4K, false, 7000),
            ("nano-banana-2", AnySize, true, 1300),
            ("nano-banana-2-cl", UpTo2K, true, 1300),
            ("nano-banana-2-4k-cl", Only4K, true, 1300),
        };

        public static IReadOnlyList<string> Models { get; } = Table.Select(m => m.Name).ToArray();

        public static IReadOnlyList<string> AllAspectRatios { get; } = CommonRatios.Concat(ExtremeRatios).ToArray();

        public static IReadOnlyList<string> AllImageSizes { get; } = AnySize;

        public static bool IsKnownModel(string model) => Table.Any(m => m.Name == model);

        public static IReadOnlyList<string> AspectRatiosFor(string model)
            => Find(model) is { } m && m.Extreme ? AllAspectRatios : CommonRatios;

        /// <summary>The sizes a model takes; empty when the model takes no <c>imageSize</c> at all.</summary>
        public static IReadOnlyList<string> ImageSizesFor(string model) => Find(model)?.Sizes ?? AnySize;

        /// <summary>Reported cost per image in credits, when known.</summary>
        public static long? CostPerImage(string model) => Find(model)?.Cost;

        /// <summary>Throws <see cref="GrsaiValidationException"/> naming the bad value and the valid ones.</summary>
        public static void Validate(string model, string aspectRatio, string? imageSize)
        {
            if (string.IsNullOrWhiteSpace(model) || Find(model) is not { } entry)
            {
                throw new GrsaiValidationException(
                    $"Unknown model '{model}'. Use one of: {string.Join(", ", Models)}.", "Model");
            }

            var ratios = AspectRatiosFor(model);
            if (!ratios.Contains(aspectRatio, StringComparer.Ordinal))
            {
                throw new GrsaiValidationException(
                    $"Aspect ratio '{aspectRatio}' is not offered by {model}. Use one of: {string.Join(", ", ratios)}.",
                    "AspectRatio");
            }

            if (string.IsNullOrEmpty(imageSize))
            {
                return;
            }

            if (entry.Sizes.Length == 0)
            {
                throw new GrsaiValidationException(
                    $"{model} takes no image size; leave the image size out, or pick a model that takes one (for example nano-banana-pro).",
                    "ImageSize");
            }

            if (!entry.Sizes.Contains(imageSize, StringComparer.Ordinal))
            {
                throw new GrsaiValidationException(
                    $"Image size '{imageSize}' is not offered by {model}. Use one of: {string.Join(", ", entry.Sizes)}.",
                    "ImageSize");
            }
        }

        private static (string Name, string[] Sizes, bool Extreme, long Cost)? Find(string model)
        {
            foreach (var m in Table)
            {
                if (m.Name == model)
                {
                    return m;
                }
            }

            return null;
        }
    }
}
