using System;

namespace Banana.Engine.Imaging
{
    /// <summary>
    /// How large a photo may be when it is sent to the service; a larger one is sent as a smaller copy
    /// (<see cref="PhotoPreparer"/>).
    /// </summary>
    /// <remarks>
    /// No upload limit is published. The defaults follow what public grsai clients do and what the model needs:
    /// one client compresses any file over 5 MB to under 2 MB, another re-encodes every input to about 1200 px
    /// because the service answered large phone photos with "The image format is incorrect". Banana keeps more
    /// detail than the second (2048 px: the longest edge of a 2K result, so a reference never has less detail than
    /// the image made from it; garment textures and small print survive) and takes the first's 5 MB as the size past
    /// which an upload is slow on a home uplink and a risk at the service. A 12-25 MB phone or camera photo becomes a
    /// JPEG of well under 2 MB; a photo already within both limits is sent as it is, byte for byte.
    /// </remarks>
    public sealed class UploadLimits
    {
        /// <summary>Longest edge, in pixels, a photo may have when it is sent: the longest edge of a 2K result.</summary>
        public const int DefaultMaxEdge = 2048;

        /// <summary>Largest file, in bytes, that is sent as it is: 5 MB, where a public client starts compressing.</summary>
        public const long DefaultMaxBytes = 5L * 1024 * 1024;

        /// <summary>The smallest edge that still makes sense as a reference; below it a limit is a typo.</summary>
        public const int SmallestMaxEdge = 256;

        /// <summary>The smallest byte limit that a 256 px JPEG always meets.</summary>
        public const long SmallestMaxBytes = 64L * 1024;

        public UploadLimits(int maxEdge = DefaultMaxEdge, long maxBytes = DefaultMaxBytes)
        {
            if (maxEdge < SmallestMaxEdge)
            {
                throw new ArgumentOutOfRangeException(nameof(maxEdge), maxEdge, $"The longest edge must be at least {SmallestMaxEdge} pixels.");
            }

            if (maxBytes < SmallestMaxBytes)
            {
                throw new ArgumentOutOfRangeException(nameof(maxBytes), maxBytes, $"The size limit must be at least {SmallestMaxBytes:N0} bytes.");
            }

            MaxEdge = maxEdge;
            MaxBytes = maxBytes;
        }

        public static UploadLimits Default { get; } = new UploadLimits();

        public int MaxEdge { get; }

        public long MaxBytes { get; }

        public override string ToString() => $"{MaxEdge} px, {MaxBytes:N0} bytes";
    }
}
