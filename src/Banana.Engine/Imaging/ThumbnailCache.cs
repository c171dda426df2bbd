using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using SkiaSharp;

namespace Banana.Engine.Imaging
{
    /// <summary>
    /// Small copies of a batch's images for its report, kept in <c>.thumbs/</c> next to the manifest. A 1,000-result
    /// batch of 2K images is gigabytes; its thumbnails are a few tens of megabytes, so the report opens at once and
    /// the full image is one click away. Each thumbnail is made once: its name carries the image's path, size and
    /// time of last change, so a later report reuses it and a changed image gets a new one.
    /// </summary>
    public sealed class ThumbnailCache
    {
        /// <summary>The folder's name inside the output folder.</summary>
        public const string FolderName = ".thumbs";

        /// <summary>Longest edge of a thumbnail: a report card shows images about 200 CSS pixels wide, twice that on a high-density screen.</summary>
        public const int DefaultEdge = 400;

        private const int JpegQuality = 80;

        private readonly int edge;

        public ThumbnailCache(string outputDirectory, int edge = DefaultEdge)
        {
            if (string.IsNullOrEmpty(outputDirectory))
            {
                throw new ArgumentException("An output folder is required.", nameof(outputDirectory));
            }

            Directory = Path.Combine(Path.GetFullPath(outputDirectory), FolderName);
            this.edge = edge > 0 ? edge : throw new ArgumentOutOfRangeException(nameof(edge), edge, "The edge must be positive.");
        }

        /// <summary>Full path of the thumbnails folder.</summary>
        public string Directory { get; }

        /// <summary>
        /// Makes the missing thumbnails of <paramref name="images"/>, on all cores. An image that cannot be read or
        /// decoded simply has none (the report then shows the image itself); returns how many were made.
        /// </summary>
        public int EnsureAll(IEnumerable<string> images, CancellationToken cancellationToken = default)
        {
            if (images is null)
            {
                throw new ArgumentNullException(nameof(images));
            }

            var made = 0;
            var options = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken };
            Parallel.ForEach(images, options, image =>
            {
                if (TryEnsure(image, out var wasMade) is not null && wasMade)
                {
                    Interlocked.Increment(ref made);
                }
            });
            return made;
        }

        /// <summary>The thumbnail of <paramref name="imagePath"/> if it exists already; null otherwise. Never makes one.</summary>
        public string? Find(string imagePath)
        {
            var path = PathFor(imagePath);
            return path is not null && File.Exists(path) ? path : null;
        }

        /// <summary>The thumbnail of <paramref name="imagePath"/>, made now if missing; null when the image has none.</summary>
        public string? TryEnsure(string imagePath, out bool made)
        {
            made = false;
            var path = PathFor(imagePath);
            if (path is null)
            {
                return null;
            }

            if (File.Exists(path))
            {
                return path;
            }

            try
            {
                var data = Render(imagePath);
                if (data is null)
                {
                    return null;
                }

                using (data)
                {
                    CreateFolder();
                    // Whole or not at all: a report never links half a thumbnail, and two writers never mix bytes.
                    var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
                    using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                    {
                        data.SaveTo(file);
                    }

                    try
                    {
                        File.Move(temporary, path);
                        made = true;
                    }
                    catch (IOException) when (File.Exists(path))
                    {
                        // Another report made the same thumbnail first: same input, same bytes.
                        File.Delete(temporary);
                    }
                }

                return path;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || NativeImaging.IsMissing(e))
            {
                // No thumbnail (the report shows the image itself), also where the image library does not load.
                return null;
            }
        }

        /// <summary>Where the thumbnail of this version of the image lives; null when the image cannot be found.</summary>
        private string? PathFor(string imagePath)
        {
            if (string.IsNullOrEmpty(imagePath))
            {
                return null;
            }

            var full = Path.GetFullPath(imagePath);
            var info = new FileInfo(full);
            if (!info.Exists)
            {
                return null;
            }

            var identity = string.Join(
                "|", full, info.Length.ToString(CultureInfo.InvariantCulture),
                info.LastWriteTimeUtc.Ticks.ToString(CultureInfo.InvariantCulture), edge.ToString(CultureInfo.InvariantCulture));
            string hash;
            using (var sha = SHA256.Create())
            {
                hash = ToHex(sha.ComputeHash(Encoding.UTF8.GetBytes(identity)), 8);
            }

            // The stem keeps the folder readable; the hash keeps a.png from two folders (and two versions) apart.
            var stem = Path.GetFileNameWithoutExtension(full);
            if (stem.Length > 60)
            {
                stem = stem.Substring(0, 60);
            }

            return Path.Combine(Directory, stem + "-" + hash + ".jpg");
        }

        private SKData? Render(string imagePath)
        {
            using var stream = new FileStream(imagePath, FileMode.Open, FileAccess.Read, FileShare.Read);
            using var codec = SKCodec.Create(stream);
            if (codec is null || codec.Info.Width <= 0 || codec.Info.Height <= 0)
            {
                return null;
            }

            var origin = codec.EncodedOrigin;
            var swaps = ImageOrientation.SwapsAxes(origin);
            var uprightWidth = swaps ? codec.Info.Height : codec.Info.Width;
            var uprightHeight = swaps ? codec.Info.Width : codec.Info.Height;
            var scale = Math.Min(1.0, (double)edge / Math.Max(uprightWidth, uprightHeight));
            var width = Math.Max(1, (int)Math.Round(uprightWidth * scale));
            var height = Math.Max(1, (int)Math.Round(uprightHeight * scale));

            using var decoded = DecodeNear(codec, swaps ? height : width, swaps ? width : height);
            if (decoded is null)
            {
                return null;
            }

            using var image = SKImage.FromBitmap(decoded);
            using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKImageInfo.PlatformColorType, SKAlphaType.Opaque));
            using (var canvas = new SKCanvas(bitmap))
            {
                // A transparent result shows on white, as most viewers show it.
                canvas.Clear(SKColors.White);
                var upright = ImageOrientation.ToUpright(origin, image.Width, image.Height);
                var fit = SKMatrix.CreateScale((float)width / (swaps ? image.Height : image.Width), (float)height / (swaps ? image.Width : image.Height));
                canvas.SetMatrix(SKMatrix.Concat(fit, upright));
                canvas.DrawImage(image, 0, 0, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
            }

            using var pixmap = bitmap.PeekPixels();
            return pixmap.Encode(new SKJpegEncoderOptions(JpegQuality, SKJpegEncoderDownsample.Downsample420, SKJpegEncoderAlphaOption.Ignore));
        }

        /// <summary>Decodes at the smallest size the codec offers that still covers the thumbnail; null when the data is damaged.</summary>
        private static SKBitmap? DecodeNear(SKCodec codec, int minWidth, int minHeight)
        {
            var full = codec.Info;
            var size = codec.GetScaledDimensions(Math.Max((float)minWidth / full.Width, (float)minHeight / full.Height));
            if (size.Width < minWidth || size.Height < minHeight)
            {
                size = new SKSizeI(full.Width, full.Height);
            }

            var info = new SKImageInfo(size.Width, size.Height, SKImageInfo.PlatformColorType,
                full.AlphaType == SKAlphaType.Opaque ? SKAlphaType.Opaque : SKAlphaType.Premul);
            var bitmap = new SKBitmap(info);
            var result = codec.GetPixels(info, bitmap.GetPixels());

            // A result cut short still gets a thumbnail of what is there: the report marks nothing as broken that opens.
            if (result == SKCodecResult.Success || result == SKCodecResult.IncompleteInput)
            {
                return bitmap;
            }

            bitmap.Dispose();
            return null;
        }

        private void CreateFolder()
        {
            if (System.IO.Directory.Exists(Directory))
            {
                return;
            }

            var folder = System.IO.Directory.CreateDirectory(Directory);
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                // Hidden in Explorer as it is on Linux and macOS by its dot: the person's results are what they see.
                folder.Attributes |= FileAttributes.Hidden;
            }
        }

        private static string ToHex(byte[] bytes, int count)
        {
            var text = new StringBuilder(count * 2);
            for (var i = 0; i < count; i++)
            {
                text.Append(bytes[i].ToString("x2", CultureInfo.InvariantCulture));
            }

            return text.ToString();
        }
    }
}
