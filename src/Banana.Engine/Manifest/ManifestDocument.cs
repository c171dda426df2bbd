using System;
using System.Collections.Generic;

namespace Banana.Engine.Manifest
{
    /// <summary>The whole of <c>banana-manifest.json</c>: the batch's settings and every job it ever planned.</summary>
    internal sealed class ManifestDocument
    {
        public const int CurrentFormatVersion = 1;

        public int FormatVersion { get; set; } = CurrentFormatVersion;
        public string Generator { get; set; } = "Banana";
        public DateTimeOffset CreatedAt { get; set; }
        public DateTimeOffset UpdatedAt { get; set; }
        public string? InputPath { get; set; }

        /// <summary>The service the upload URLs belong to: a rerun against another service uploads again.</summary>
        public string? BaseUri { get; set; }

        public IReadOnlyList<ManifestJob> Jobs { get; set; } = Array.Empty<ManifestJob>();
    }
}
