using System;
using Banana.Client;
using Banana.Engine.Imaging;

namespace Banana.PowerShell
{
    /// <summary>
    /// One image sent by <c>Send-BananaImage</c>. <see cref="Path"/> and <see cref="Url"/> bind by property name to
    /// <c>Invoke-BananaGenerate</c>'s -SourcePath and -ImageUrl, so the two cmdlets compose in a pipeline.
    /// </summary>
    public sealed class UploadResult
    {
        // Holds the client's record rather than copies of its fields: a field of the client's enum type would make
        // PowerShell load Banana.Client while it lists this module's types, before the dependency resolver exists.
        private readonly UploadedImage image;

        internal UploadResult(UploadedImage image, PreparedPhoto sent, bool? verified)
        {
            this.image = image;
            Verified = verified;
            Width = sent.Width;
            Height = sent.Height;
            Resized = sent.IsCopy;
        }

        /// <summary>The photo given; never changed, even when a copy was sent.</summary>
        public string Path => image.Path;
        public string Url => image.Url;

        /// <summary>Bytes sent: the photo's own, or its prepared copy's.</summary>
        public long Bytes => image.Bytes;

        /// <summary>Width in pixels of what was sent, upright.</summary>
        public int Width { get; }

        /// <summary>Height in pixels of what was sent, upright.</summary>
        public int Height { get; }

        /// <summary>True when a smaller or upright copy was sent (over -MaxUploadEdge or -MaxUploadBytes, or stored sideways).</summary>
        public bool Resized { get; }
        public string Sha256 => image.Sha256;
        public UploadMethod Method => image.Method;
        public TimeSpan Elapsed => image.Elapsed;

        /// <summary>True when -Verify fetched the URL and got the same bytes back; null when not checked.</summary>
        public bool? Verified { get; }

        public override string ToString() => Url;
    }
}
