using System;
using System.IO;
using System.Security;
using Banana.Client;

namespace Banana.Engine
{
    /// <summary>
    /// Checks a local file before anything is uploaded or paid for: readable, not empty, within the size limit,
    /// and an image by its bytes (jpg, png, webp, gif, bmp), whatever its name says.
    /// </summary>
    public static class ImageInspector
    {
        /// <summary>Null when the file is a usable image; otherwise the problem, ready for an error record.</summary>
        public static InputProblem? Check(string path, long maxBytes)
        {
            if (string.IsNullOrEmpty(path))
            {
                throw new ArgumentException("A path is required.", nameof(path));
            }

            try
            {
                // Sized before it is opened: opening a named pipe (or a device) that merely has an image's name would
                // block for ever, and such files report no length.
                if (new FileInfo(path) is { Exists: true, Length: 0 })
                {
                    return new InputProblem(
                        "EmptyFile", $"'{path}' is empty (0 bytes) or not a regular file; it is skipped.", path, BananaErrorKind.InvalidData);
                }

                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
                var length = stream.Length;

                if (length > maxBytes)
                {
                    return new InputProblem(
                        "FileTooLarge",
                        $"'{path}' is {length:N0} bytes, over the limit of {maxBytes:N0} bytes; it is skipped. Shrink it or raise the limit.",
                        path,
                        BananaErrorKind.TooLarge);
                }

                var header = new byte[ImageFormat.HeaderLength];
                var read = 0;
                int chunk;
                while (read < header.Length && (chunk = stream.Read(header, read, header.Length - read)) > 0)
                {
                    read += chunk;
                }

                return ImageFormat.Detect(new ReadOnlySpan<byte>(header, 0, read)) is null
                    ? new InputProblem(
                        "NotAnImage",
                        $"'{path}' is not a jpg, png, webp, gif or bmp image (judged by its content, not its name); it is skipped.",
                        path,
                        BananaErrorKind.InvalidData)
                    : null;
            }
            catch (FileNotFoundException)
            {
                return new InputProblem("FileNotFound", $"'{path}' does not exist.", path, BananaErrorKind.NotFound);
            }
            catch (DirectoryNotFoundException)
            {
                return new InputProblem("FileNotFound", $"'{path}' does not exist.", path, BananaErrorKind.NotFound);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is SecurityException)
            {
                return new InputProblem("UnreadableFile", $"'{path}' cannot be read: {e.Message}", path, BananaErrorKind.Unreadable);
            }
        }
    }
}
