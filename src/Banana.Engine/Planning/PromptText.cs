using System;
using System.Collections.Generic;
using System.Text;

namespace Banana.Engine.Planning
{
    /// <summary>
    /// Turns the bytes of <c>text.txt</c> into prompts. Users save it from whatever editor they have: UTF-8 (with or
    /// without BOM), UTF-16 with BOM (Notepad's "Unicode"), or GB18030/GBK without any marker (older Chinese Notepad).
    /// Without a BOM, bytes that are valid UTF-8 are UTF-8 (GBK text is practically never valid UTF-8); anything
    /// else is read as GB18030, a superset of GBK.
    /// </summary>
    internal static class PromptText
    {
        private const int Gb18030CodePage = 54936;

        private static readonly UTF8Encoding StrictUtf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);

        static PromptText() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

        public static string Decode(byte[] bytes)
        {
            if (bytes is null)
            {
                throw new ArgumentNullException(nameof(bytes));
            }

            if (HasPrefix(bytes, 0xEF, 0xBB, 0xBF))
            {
                return StrictUtf8.GetString(bytes, 3, bytes.Length - 3);
            }

            if (HasPrefix(bytes, 0xFF, 0xFE))
            {
                return Encoding.Unicode.GetString(bytes, 2, bytes.Length - 2);
            }

            if (HasPrefix(bytes, 0xFE, 0xFF))
            {
                return Encoding.BigEndianUnicode.GetString(bytes, 2, bytes.Length - 2);
            }

            try
            {
                return StrictUtf8.GetString(bytes);
            }
            catch (DecoderFallbackException)
            {
                return Encoding.GetEncoding(Gb18030CodePage).GetString(bytes);
            }
        }

        /// <summary>One prompt per non-blank line, trimmed; lines starting with <c>#</c> are comments.</summary>
        public static IReadOnlyList<string> ParseLines(string text)
        {
            var prompts = new List<string>();
            foreach (var raw in (text ?? string.Empty).Split(new[] { "\r\n", "\n", "\r" }, StringSplitOptions.None))
            {
                var line = raw.Trim().TrimStart('\uFEFF');
                if (line.Length > 0 && line[0] != '#')
                {
                    prompts.Add(line);
                }
            }

            return prompts;
        }

        private static bool HasPrefix(byte[] bytes, params byte[] prefix)
        {
            if (bytes.Length < prefix.Length)
            {
                return false;
            }

            for (var i = 0; i < prefix.Length; i++)
            {
                if (bytes[i] != prefix[i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
