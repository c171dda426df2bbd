using System;
using Banana.Client;

namespace Banana.PowerShell
{
    /// <summary>One model of the catalog, as Get-BananaModel shows it.</summary>
    public sealed class BananaModel
    {
        internal BananaModel(ModelInfo info, string? checkedOn)
        {
            Name = info.Name;
            ImageSizes = info.ImageSizes is { } sizes ? Copy(sizes) : null;
            AspectRatios = info.AspectRatios is { } ratios ? Copy(ratios) : null;
            Credits = info.Credits;
            TypicalSeconds = info.TypicalDuration?.TotalSeconds;
            Note = info.Note;
            Source = info.Source;
            CheckedOn = checkedOn;
        }

        public string Name { get; }

        /// <summary>The sizes it takes; empty when it takes none; null when the catalog does not check them.</summary>
        public string[]? ImageSizes { get; }

        /// <summary>The ratios it takes; null when the catalog does not check them.</summary>
        public string[]? AspectRatios { get; }

        /// <summary>Credits per image as last seen in public tables; null when unknown.</summary>
        public long? Credits { get; }

        /// <summary>An estimate of a task's duration; it times the first poll.</summary>
        public double? TypicalSeconds { get; }

        /// <summary>Where public sources disagree, or what is assumed.</summary>
        public string? Note { get; }

        /// <summary>"built-in", or the path of the user catalog file that added or changed the entry.</summary>
        public string Source { get; }

        /// <summary>The date the built-in data was last checked against public sources.</summary>
        public string? CheckedOn { get; }

        public override string ToString() => Name;

        private static string[] Copy(System.Collections.Generic.IReadOnlyList<string> values)
        {
            var copy = new string[values.Count];
            for (var i = 0; i < copy.Length; i++)
            {
                copy[i] = values[i];
            }

            return copy;
        }
    }
}
