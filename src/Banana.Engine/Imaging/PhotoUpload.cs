using System;
using System.Threading.Tasks;
using Banana.Client;

namespace Banana.Engine.Imaging
{
    /// <summary>
    /// One photo's way out: prepared (<see cref="PhotoPreparer"/>), sent, and its temporary copy deleted, whatever the
    /// upload's outcome. Every path that uploads a photo goes through here, so every cmdlet sends the same thing.
    /// </summary>
    public static class PhotoUpload
    {
        /// <summary>
        /// Prepares <paramref name="path"/> and hands the file to send to <paramref name="upload"/>. The returned image
        /// names the original as its <see cref="UploadedImage.Path"/> (the copy is gone by then); its bytes and hash are
        /// those sent. <see cref="PreparedPhoto"/> says what was sent: size, dimensions, format, and why a copy was made.
        /// </summary>
        /// <exception cref="UnusablePhotoException">The photo cannot be decoded; nothing was sent.</exception>
        public static async Task<(UploadedImage Image, PreparedPhoto Sent)> SendAsync(
            string path, UploadLimits limits, Func<string, Task<UploadedImage>> upload)
        {
            if (upload is null)
            {
                throw new ArgumentNullException(nameof(upload));
            }

            // Decoding a 24-megapixel photo takes a moment of CPU: off the caller's thread, as the upload itself is.
            var prepared = await Task.Run(() => PhotoPreparer.Prepare(path, limits)).ConfigureAwait(false);
            using (prepared)
            {
                var image = await upload(prepared.UploadPath).ConfigureAwait(false);
                return (image with { Path = path }, prepared);
            }
        }
    }
}
