using System;

namespace Banana.Engine.Imaging
{
    /// <summary>
    /// A file that passed the quick check of its first bytes but that the image library cannot decode (damaged, cut
    /// short, an unsupported variant). Raised before anything is uploaded or paid for.
    /// </summary>
    public sealed class UnusablePhotoException : Exception
    {
        /// <summary>The stable error id every host reports it under.</summary>
        public const string Id = "ImageUndecodable";

        public UnusablePhotoException(string path, string detail)
            : base($"'{path}' cannot be decoded as an image ({detail}); it is not sent. Open it in an image viewer and save it again as JPEG or PNG.")
        {
            Path = path;
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

        public string ErrorId => Id;
    }
}
