using System;
using System.IO;

namespace Banana.Engine.Imaging
{
    /// <summary>
    /// What is sent for one photo: the original itself when it is within the limits and upright, otherwise a
    /// temporary copy that is smaller and upright. Disposing deletes the copy (never the original).
    /// </summary>
    public sealed class PreparedPhoto : IDisposable
    {
        internal PreparedPhoto(string sourcePath, string uploadPath, bool isCopy, int width, int height, long bytes, string format, string? reason)
        {
            SourcePath = sourcePath;
            UploadPath = uploadPath;
            IsCopy = isCopy;
            Width = width;
            Height = height;
            Bytes = bytes;
            Format = format;
            Reason = reason;
        }

        /// <summary>The photo the user gave; never changed.</summary>
        public string SourcePath { get; }

        /// <summary>The file to upload: <see cref="SourcePath"/>, or the temporary copy.</summary>
        public string UploadPath { get; }

        /// <summary>True when <see cref="UploadPath"/> is a copy made for this upload.</summary>
        public bool IsCopy { get; }

        /// <summary>Width, in pixels, of what is sent, as a viewer shows it (orientation applied).</summary>
        public int Width { get; }

        /// <summary>Height, in pixels, of what is sent, as a viewer shows it.</summary>
        public int Height { get; }

        /// <summary>Size, in bytes, of what is sent.</summary>
        public long Bytes { get; }

        /// <summary>The format of what is sent: jpeg, png, webp, gif or bmp.</summary>
        public string Format { get; }

        /// <summary>
        /// What was changed and why ("6000x4000, 9,120,334 bytes, over 2048 px, stored turned (EXIF orientation 6): sent as
        /// 1365x2048, 612,005 bytes"); null when the original is sent.
        /// </summary>
        public string? Reason { get; }

        public void Dispose()
        {
            if (!IsCopy)
            {
                return;
            }

            try
            {
                File.Delete(UploadPath);
            }
            catch (IOException)
            {
                // A temporary file in the temp folder: the system cleans it if a scanner holds it right now.
            }
            catch (UnauthorizedAccessException)
            {
                // As above.
            }
        }
    }
}
