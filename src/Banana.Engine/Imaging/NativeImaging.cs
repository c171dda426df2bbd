using System;
using System.Runtime.InteropServices;

namespace Banana.Engine.Imaging
{
    /// <summary>
    /// SkiaSharp's native library (libSkiaSharp) ships inside the module for 64-bit Windows (x64, arm64), glibc Linux
    /// (x64, arm64) and macOS. Elsewhere (32-bit Windows, Alpine's musl, other processors) SkiaSharp's first call fails
    /// deep in the runtime; this turns that failure into words a person can act on.
    /// </summary>
    public static class NativeImaging
    {
        /// <summary>The stable error id of a photo that cannot be prepared because the image library cannot load here.</summary>
        public const string UnavailableId = "ImagingUnavailable";

        /// <summary>True when <paramref name="e"/> says the native library could not be found or loaded on this system.</summary>
        public static bool IsMissing(Exception? e)
        {
            for (var current = e; current is not null; current = current.InnerException)
            {
                if (current is DllNotFoundException || current is BadImageFormatException || current is EntryPointNotFoundException)
                {
                    return true;
                }

                if (current is not TypeInitializationException)
                {
                    return false;
                }
            }

            return false;
        }

        /// <summary>The refusal of <paramref name="path"/>, naming this system and the ones the module carries the library for.</summary>
        public static UnusablePhotoException Unavailable(string path, Exception cause)
            => new UnusablePhotoException(
                UnavailableId,
                path,
                $"'{path}' cannot be prepared for upload: the image library Banana decodes photos with (SkiaSharp) has no native "
                    + $"build for this system ({Describe()}) in the module, so nothing was sent. The module carries it for 64-bit "
                    + "Windows (x64, arm64), Linux with glibc (x64, arm64) and macOS: run Banana in a 64-bit PowerShell on one of those.",
                cause);

        private static string Describe()
            => $"{RuntimeInformation.OSDescription.Trim()}, {RuntimeInformation.ProcessArchitecture} process";
    }
}
