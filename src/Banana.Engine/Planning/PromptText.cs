using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Banana.Engine.Planning
{
    /// <summary>
    /// Turns the bytes of <c>text.txt</c> into prompts. Users save it from whatever editor they have: UTF-8 (with or
    /// without BOM), UTF-16 with BOM (Notepad's "Unicode") or without (some tools' "UTF-16"), or GB18030/GBK without any
    /// marker (older Chinese Notepad).
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

            if (Utf16WithoutBom(bytes) is { } utf16)
            {
                return utf16.GetString(bytes);
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
        public static IReadOnlyList<string> ParseLines(string text) => ParseNumberedLines(text).Select(p => p.Text).ToList();

        /// <summary>The prompts with their line numbers (1-based), for errors that point at the line to fix.</summary>
        public static IReadOnlyList<(int Line, string Text)> ParseNumberedLines(string text)
        {
            var prompts = new List<(int, string)>();
            var number = 0;
            foreach (var raw in (text ?? string.Empty).Split(new[] { "\r\n", "\n", "\r" }, StringSplitOptions.None))
            {
                number++;
                var line = raw.Trim().TrimStart('\uFEFF');
                if (line.Length > 0 && line[0] != '#')
                {
                    prompts.Add((number, line));
                }
            }

            return prompts;
        }

        /// <summary>
        /// The first control character of a prompt (tab excepted), or null. A NUL or an escape in a prompt is never
        /// what a person typed: it is a file read in the wrong encoding or a binary file, and every such prompt is paid for.
        /// </summary>
        public static char? ControlCharacter(string prompt)
        {
            foreach (var c in prompt ?? string.Empty)
            {
                if (char.IsControl(c) && c != '\t')
                {
                    return c;
                }
            }

            return null;
        }

        /// <summary>
        /// UTF-16 saved without a BOM: a prompt file has no NUL of its own, while UTF-16 puts one beside every ASCII
        /// character (newlines included). Zeros mostly at odd offsets mean little-endian, at even offsets big-endian.
        /// </summary>
        private static Encoding? Utf16WithoutBom(byte[] bytes)
        {
            if (bytes.Length < 2 || bytes.Length % 2 != 0)
            {
                return null;
            }

            int even = 0, odd = 0;
            for (var i = 0; i < bytes.Length; i++)
            {
                if (bytes[i] == 0)
                {
                    if (i % 2 == 0)
                    {
                        even++;
                    }
                    else
                    {
                        odd++;
                    }
                }
            }

            // Every ASCII character and line break gives one zero (Chinese text a few, one per line at least); demand a
            // clear majority on one side and more than a stray NUL or two, which is the control-character check's business.
            var pairs = bytes.Length / 2;
            if (odd > even * 4 && odd >= 2 && odd * 32 >= pairs)
            {
                return new UnicodeEncoding(bigEndian: false, byteOrderMark: false);
            }

            if (even > odd * 4 && even >= 2 && even * 32 >= pairs)
            {
                return new UnicodeEncoding(bigEndian: true, byteOrderMark: false);
            }

            return null;
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
