using System;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using Banana.Shared;
using SkiaSharp;

namespace Banana.Engine.Imaging
{
    /// <summary>
    /// The last check of a downloaded result before it is saved: decoded whole with SkiaSharp. It finds what the client's
    /// structural check (chunk checksums, markers, JPEG's Huffman data) cannot: PNG rows whose filter is garbage, WebP
    /// data that stops before the picture ends though its chunks were re-wrapped to fit, damaged GIF and BMP. It cannot
    /// find what still decodes: garbage inside lossy WebP data is read as a smear (its arithmetic decoder takes any
    /// bits), and decoders paint garbage inside JPEG data too (the client's Huffman walk catches that). Rows are decoded
    /// a few at a time where the format allows (PNG, JPEG, GIF, BMP), so a 4K result needs kilobytes, not 64 MB.
    /// </summary>
    public static class ResultDecoding
    {
        private const int RowsAtOnce = 16;

        /// <summary>Longest edge of the picture a format without row-by-row decoding (WebP) is decoded into; all its data is still read.</summary>
        private const int ScaledEdge = 1024;

        /// <summary>
        /// Null when the file at <paramref name="path"/> decodes whole; otherwise what is wrong. Where the image library
        /// does not load on this system (see <see cref="NativeImaging"/>), null: the client's own checks stand alone.
        /// </summary>
        public static string? Defect(string path)
        {
            try
            {
                return DefectWithSkia(path);
            }
            catch (Exception e) when (NativeImaging.IsMissing(e))
            {
                return null;
            }
        }

        private static string? DefectWithSkia(string path)
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            using var codec = SKCodec.Create(stream, out var created);
            if (codec is null)
            {
                return "it does not decode (" + Describe(created) + ")";
            }

            var size = codec.Info;
            if (size.Width <= 0 || size.Height <= 0)
            {
                return "it has no pixels";
            }

            var rows = new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
            var started = codec.StartScanlineDecode(rows);
            return started == SKCodecResult.Success ? RowsDefect(codec, rows)
                : started == SKCodecResult.Unimplemented ? WholeDefect(codec)
                : "it does not decode (" + Describe(started) + ")";
        }

        private static string? RowsDefect(SKCodec codec, SKImageInfo rows)
        {
            using var rented = PooledBuffer.Rent(rows.RowBytes * RowsAtOnce);
            var pinned = GCHandle.Alloc(rented.Array, GCHandleType.Pinned);
            try
            {
                for (var done = 0; done < rows.Height;)
                {
                    var asked = Math.Min(RowsAtOnce, rows.Height - done);
                    var decoded = codec.GetScanlines(pinned.AddrOfPinnedObject(), asked, rows.RowBytes);
                    if (decoded < asked)
                    {
                        return string.Format(CultureInfo.InvariantCulture, "it decodes only {0} of its {1} rows", done + Math.Max(0, decoded), rows.Height);
                    }

                    done += decoded;
                }

                return null;
            }
            finally
            {
                pinned.Free();
            }
        }

        private static string? WholeDefect(SKCodec codec)
        {
            var full = codec.Info;
            var scale = Math.Min(1f, (float)ScaledEdge / Math.Max(full.Width, full.Height));
            var size = scale < 1f ? codec.GetScaledDimensions(scale) : new SKSizeI(full.Width, full.Height);
            var info = new SKImageInfo(Math.Max(1, size.Width), Math.Max(1, size.Height), SKColorType.Rgba8888, SKAlphaType.Premul);
            using var bitmap = new SKBitmap();
            if (!bitmap.TryAllocPixels(info))
            {
                return null; // Not the image's fault: this machine is out of memory, and the client's checks have passed.
            }

            var result = codec.GetPixels(info, bitmap.GetPixels());
            return result == SKCodecResult.Success ? null : "it does not decode (" + Describe(result) + ")";
        }

        private static string Describe(SKCodecResult result) => result switch
        {
            SKCodecResult.IncompleteInput => "its data ends early or is damaged",
            SKCodecResult.ErrorInInput => "its data is damaged",
            SKCodecResult.InvalidInput => "its header is not valid",
            SKCodecResult.Unimplemented => "a variant of the format the decoder does not support",
            _ => result.ToString(),
        };
    }
}
