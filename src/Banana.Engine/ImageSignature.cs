using System;

namespace Banana.Engine
{
    /// <summary>Recognises the image formats the service takes by their leading bytes, whatever the file is called.</summary>
    internal static class ImageSignature
    {
        /// <summary>Bytes needed to tell every supported format apart.</summary>
        public const int HeaderLength = 12;

        /// <summary>The format's usual extension (<c>jpg</c>, <c>png</c>, ...), or null when the bytes are no known image.</summary>
        public static string? Detect(byte[] header, int count)
        {
            if (header is null)
            {
                throw new ArgumentNullException(nameof(header));
            }

            bool StartsWith(params byte[] signature)
            {
                if (count < signature.Length)
                {
                    return false;
                }

                for (var i = 0; i < signature.Length; i++)
                {
                    if (header[i] != signature[i])
                    {
                        return false;
                    }
                }

                return true;
            }

            if (StartsWith(0xFF, 0xD8, 0xFF))
            {
                return "jpg";
            }

            if (StartsWith(0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A))
            {
                return "png";
            }

            if (StartsWith(0x47, 0x49, 0x46, 0x38))
            {
                return "gif";
            }

            if (StartsWith(0x42, 0x4D) && count >= 6)
            {
                return "bmp";
            }

            // RIFF....WEBP
            if (StartsWith(0x52, 0x49, 0x46, 0x46) && count >= 12
                && header[8] == 0x57 && header[9] == 0x45 && header[10] == 0x42 && header[11] == 0x50)
            {
                return "webp";
            }

            return null;
        }
    }
}
