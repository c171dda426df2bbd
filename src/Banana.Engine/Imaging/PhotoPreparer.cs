using System;
using System.Globalization;
using System.IO;
using SkiaSharp;

namespace Banana.Engine.Imaging
{
    /// <summary>
    /// Makes a photo fit to send: decodes it (refusing what cannot be decoded), and when its longest edge or its size
    /// is over the <see cref="UploadLimits"/> or it is stored sideways, writes a smaller, upright copy to a temporary
    /// file. The original is only read. Thread-safe: every call works on its own codec and bitmaps.
    /// </summary>
    public static class PhotoPreparer
    {
        // JPEG qualities tried in turn until the copy is within the byte limit; past the last, the copy gets smaller.
        private static readonly int[] JpegQualities = { 90, 80, 70 };

        private const float ShrinkStep = 0.8f;
        private const int MaxShrinks = 12;

        /// <summary>
        /// Decides what to send for <paramref name="path"/>. Dispose the result once the upload is done: that deletes
        /// the copy, if one was made.
        /// </summary>
        /// <param name="temporaryDirectory">Where copies go; the system's temporary folder when null.</param>
        /// <exception cref="UnusablePhotoException">The file cannot be decoded (damaged, cut short, not an image), or the
        /// image library does not load on this system (ErrorId <see cref="NativeImaging.UnavailableId"/>).</exception>
        /// <exception cref="IOException">The file cannot be read or the copy cannot be written.</exception>
        public static PreparedPhoto Prepare(string path, UploadLimits limits, string? temporaryDirectory = null)
        {
            if (string.IsNullOrEmpty(path))
            {
                throw new ArgumentException("A path is required.", nameof(path));
            }

            if (limits is null)
            {
                throw new ArgumentNullException(nameof(limits));
            }

            try
            {
                return PrepareWithSkia(path, limits, temporaryDirectory);
            }
            catch (Exception e) when (NativeImaging.IsMissing(e))
            {
                throw NativeImaging.Unavailable(path, e);
            }
        }

        private static PreparedPhoto PrepareWithSkia(string path, UploadLimits limits, string? temporaryDirectory)
        {
            var bytes = new FileInfo(path).Length;
            using var codec = OpenCodec(path);
            var origin = codec.EncodedOrigin;
            var stored = codec.Info;
            var swaps = ImageOrientation.SwapsAxes(origin);
            var uprightWidth = swaps ? stored.Height : stored.Width;
            var uprightHeight = swaps ? stored.Width : stored.Height;
            var longest = Math.Max(uprightWidth, uprightHeight);

            var reasons = Reasons(longest, bytes, origin, limits);
            if (reasons is null)
            {
                // Within the limits and upright: sent byte for byte, once a full decode has shown it is whole.
                using (DecodeAtLeast(codec, path, stored.Width, stored.Height))
                {
                    return new PreparedPhoto(path, path, isCopy: false, uprightWidth, uprightHeight, bytes, FormatName(codec.EncodedFormat), reason: null);
                }
            }

            var scale = Math.Min(1.0, (double)limits.MaxEdge / longest);
            var targetWidth = Math.Max(1, (int)Math.Round(uprightWidth * scale));
            var targetHeight = Math.Max(1, (int)Math.Round(uprightHeight * scale));
            var storedTargetWidth = swaps ? targetHeight : targetWidth;
            var storedTargetHeight = swaps ? targetWidth : targetHeight;
            var keepsAlpha = stored.AlphaType != SKAlphaType.Opaque;

            using var decoded = DecodeAtLeast(codec, path, storedTargetWidth, storedTargetHeight);
            using var image = SKImage.FromBitmap(decoded);
            var (encoded, width, height) = EncodeWithinLimit(image, origin, targetWidth, targetHeight, keepsAlpha, limits.MaxBytes);
            using (encoded)
            {
                var copyPath = Path.Combine(
                    temporaryDirectory ?? Path.GetTempPath(),
                    "banana-upload-" + Guid.NewGuid().ToString("N") + (keepsAlpha ? ".png" : ".jpg"));
                using (var file = new FileStream(copyPath, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                {
                    encoded.SaveTo(file);
                }

                return new PreparedPhoto(
                    path, copyPath, isCopy: true, width, height, encoded.Size, keepsAlpha ? "png" : "jpeg",
                    string.Format(CultureInfo.InvariantCulture, "{0}x{1}, {2:N0} bytes, {3}: sent as {4}x{5}, {6:N0} bytes",
                        uprightWidth, uprightHeight, bytes, reasons, width, height, encoded.Size));
            }
        }

        /// <summary>Why a copy is needed ("over 2048 px, stored turned (EXIF orientation 6)"), or null when it is not.</summary>
        private static string? Reasons(int longest, long bytes, SKEncodedOrigin origin, UploadLimits limits)
        {
            var reasons = new System.Collections.Generic.List<string>(3);
            if (longest > limits.MaxEdge)
            {
                reasons.Add(string.Format(CultureInfo.InvariantCulture, "over {0} px", limits.MaxEdge));
            }

            if (bytes > limits.MaxBytes)
            {
                reasons.Add(string.Format(CultureInfo.InvariantCulture, "over {0:N0} bytes", limits.MaxBytes));
            }

            if (!ImageOrientation.IsUpright(origin))
            {
                reasons.Add("stored turned (EXIF orientation " + ((int)origin).ToString(CultureInfo.InvariantCulture) + ")");
            }

            return reasons.Count == 0 ? null : string.Join(", ", reasons);
        }

        private static SKCodec OpenCodec(string path)
        {
            // The codec reads through a stream that it owns; opening the file ourselves keeps a missing or locked file an
            // IOException with the system's own words instead of a null codec.
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            var codec = SKCodec.Create(stream, out var result);
            if (codec is null)
            {
                stream.Dispose();
                throw new UnusablePhotoException(path, Describe(result));
            }

            if (codec.Info.Width <= 0 || codec.Info.Height <= 0)
            {
                codec.Dispose();
                throw new UnusablePhotoException(path, "it has no pixels");
            }

            return codec;
        }

        /// <summary>
        /// Decodes the whole image, at the smallest size the codec can produce that is still at least
        /// <paramref name="minWidth"/> x <paramref name="minHeight"/> (JPEG decodes at 1/2, 1/4, 1/8 for a fraction of
        /// the time and memory). A file cut short or damaged midway is refused, not sent half grey.
        /// </summary>
        private static SKBitmap DecodeAtLeast(SKCodec codec, string path, int minWidth, int minHeight)
        {
            var full = codec.Info;
            var size = new SKSizeI(full.Width, full.Height);
            var desired = Math.Max((float)minWidth / full.Width, (float)minHeight / full.Height);
            if (desired < 1f)
            {
                var scaled = codec.GetScaledDimensions(desired);
                if (scaled.Width >= minWidth && scaled.Height >= minHeight && scaled.Width > 0)
                {
                    size = scaled;
                }
            }

            var alpha = full.AlphaType == SKAlphaType.Opaque ? SKAlphaType.Opaque : SKAlphaType.Premul;
            var info = new SKImageInfo(size.Width, size.Height, SKImageInfo.PlatformColorType, alpha);
            var bitmap = new SKBitmap();
            if (!bitmap.TryAllocPixels(info))
            {
                bitmap.Dispose();
                throw new UnusablePhotoException(path, string.Format(CultureInfo.InvariantCulture, "{0}x{1} pixels do not fit in memory", size.Width, size.Height));
            }

            var result = codec.GetPixels(info, bitmap.GetPixels());
            if (result != SKCodecResult.Success)
            {
                bitmap.Dispose();
                throw new UnusablePhotoException(path, Describe(result));
            }

            return bitmap;
        }

        /// <summary>
        /// Draws the image upright at the target size and encodes it; while the result is over
        /// <paramref name="maxBytes"/>, tries lower JPEG qualities, then smaller sizes. A copy that cannot get under
        /// the limit (a huge noisy PNG with transparency) is sent at the smallest size tried.
        /// </summary>
        private static (SKData Data, int Width, int Height) EncodeWithinLimit(
            SKImage image, SKEncodedOrigin origin, int width, int height, bool keepsAlpha, long maxBytes)
        {
            SKData? best = null;
            for (var shrink = 0; ; shrink++)
            {
                using var bitmap = Draw(image, origin, width, height, keepsAlpha);
                using var pixmap = bitmap.PeekPixels();
                var last = shrink == MaxShrinks || Math.Max(width, height) <= UploadLimits.SmallestMaxEdge;
                if (keepsAlpha)
                {
                    best?.Dispose();
                    best = Encoded(pixmap.Encode(new SKPngEncoderOptions(SKPngEncoderFilterFlags.AllFilters, zLibLevel: 9)));
                    if (best.Size <= maxBytes || last)
                    {
                        return (best, width, height);
                    }
                }
                else
                {
                    foreach (var quality in JpegQualities)
                    {
                        best?.Dispose();
                        best = Encoded(pixmap.Encode(new SKJpegEncoderOptions(quality, SKJpegEncoderDownsample.Downsample420, SKJpegEncoderAlphaOption.Ignore)));
                        if (best.Size <= maxBytes)
                        {
                            return (best, width, height);
                        }
                    }

                    if (last)
                    {
                        return (best!, width, height);
                    }
                }

                width = Math.Max(1, (int)(width * ShrinkStep));
                height = Math.Max(1, (int)(height * ShrinkStep));
            }
        }

        private static SKData Encoded(SKData? data)
            => data ?? throw new IOException("The image library could not encode the copy to send.");

        private static SKBitmap Draw(SKImage image, SKEncodedOrigin origin, int width, int height, bool keepsAlpha)
        {
            var info = new SKImageInfo(width, height, SKImageInfo.PlatformColorType, keepsAlpha ? SKAlphaType.Premul : SKAlphaType.Opaque);
            var bitmap = new SKBitmap(info);
            using (var canvas = new SKCanvas(bitmap))
            {
                canvas.Clear(keepsAlpha ? SKColors.Transparent : SKColors.White);
                var upright = ImageOrientation.ToUpright(origin, image.Width, image.Height);
                var swaps = ImageOrientation.SwapsAxes(origin);
                var uprightWidth = swaps ? image.Height : image.Width;
                var uprightHeight = swaps ? image.Width : image.Height;
                var scale = SKMatrix.CreateScale((float)width / uprightWidth, (float)height / uprightHeight);
                canvas.SetMatrix(SKMatrix.Concat(scale, upright));

                // Mipmaps for a large reduction (a PNG decoded at full size); a cubic filter keeps edges crisp for a small one.
                var reduction = (float)uprightWidth / width;
                var sampling = reduction > 2f
                    ? new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear)
                    : new SKSamplingOptions(SKCubicResampler.Mitchell);
                using var paint = new SKPaint { IsAntialias = true };
                canvas.DrawImage(image, 0, 0, sampling, paint);
            }

            return bitmap;
        }

        private static string Describe(SKCodecResult result) => result switch
        {
            SKCodecResult.IncompleteInput => "the file is cut short",
            SKCodecResult.ErrorInInput => "its data is damaged",
            SKCodecResult.Unimplemented => "this variant of the format is not supported",
            SKCodecResult.InvalidInput => "its header is not valid",
            _ => "the image library answered " + result,
        };

        private static string FormatName(SKEncodedImageFormat format) => format switch
        {
            SKEncodedImageFormat.Jpeg => "jpeg",
            SKEncodedImageFormat.Png => "png",
            SKEncodedImageFormat.Webp => "webp",
            SKEncodedImageFormat.Gif => "gif",
            SKEncodedImageFormat.Bmp => "bmp",
            _ => format.ToString().ToLowerInvariant(),
        };
    }
}
