using System;

namespace Banana.Engine.Imaging
{
    /// <summary>
    /// A file that passed the quick check of its first bytes but that the image library cannot decode (damaged, cut
    /// short, an unsupported variant), or a photo that cannot be prepared because the library does not load on this
    /// system (<see cref="NativeImaging"/>). Raised before anything is uploaded or paid for.
    /// </summary>
    public sealed class UnusablePhotoException : Exception
    {
        /// <summary>The stable error id every host reports it under.</summary>
        public const string Id = "ImageUndecodable";

        private readonly string? errorIdentifier;

        public UnusablePhotoException(string path, string detail)
            : base($"'{path}' cannot be decoded as an image ({detail}); it is not sent. Open it in an image viewer and save it again as JPEG or PNG.")
        {
            Path = path;
        }

        /// <summary>A refusal for another reason than the file's own bytes (see <see cref="NativeImaging"/>).</summary>
        internal UnusablePhotoException(string errorId, string path, string message, Exception innerException)
            : base(message, innerException)
        {
            Path = path;
            errorIdentifier = errorId;
        }

        public UnusablePhotoException()
        {
            Path = string.Empty;
        }

        public UnusablePhotoException(string message, Exception innerException)
            : base(message, innerException)
        {
            Path = string.Empty;
        }

        /// <summary>The file refused.</summary>
        public string Path { get; }

        /// <summary><see cref="Id"/> for a file that does not decode; <see cref="NativeImaging.UnavailableId"/> when nothing can be decoded here.</summary>
        public string ErrorId => errorIdentifier ?? Id;
    }
}
