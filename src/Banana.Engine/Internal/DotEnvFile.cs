using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace Banana.Engine
{
    /// <summary>
    /// Reads the <c>KEY=VALUE</c> lines of a <c>.env</c> file as the original Python scripts (python-dotenv) wrote them:
    /// <c>#</c> comments, optional <c>export</c>, single or double quotes (double-quoted values may span lines, so
    /// <c>GRSAI_BACKUP_KEYS</c> can list one key per line), a UTF-8 BOM from Notepad.
    /// </summary>
    internal static class DotEnvFile
    {
        public static IReadOnlyDictionary<string, string> Read(string path)
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            if (!File.Exists(path))
            {
                return values;
            }

            // ReadAllText drops a BOM (UTF-8 or UTF-16) by itself.
            var text = File.ReadAllText(path, new UTF8Encoding(false));
            Parse(text, values);
            return values;
        }

        internal static void Parse(string text, IDictionary<string, string> values)
        {
            var lines = text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i].Trim();
                if (line.Length == 0 || line[0] == '#')
                {
                    continue;
                }

                if (line.StartsWith("export ", StringComparison.Ordinal))
                {
                    line = line.Substring("export ".Length).TrimStart();
                }

                var equals = line.IndexOf('=');
                if (equals <= 0)
                {
                    continue;
                }

                var name = line.Substring(0, equals).Trim();
                var value = line.Substring(equals + 1).Trim();
                if (value.Length > 0 && (value[0] == '"' || value[0] == '\''))
                {
                    value = ReadQuoted(value, lines, ref i);
                }
                else
                {
                    value = StripInlineComment(value);
                }

                values[name] = value;
            }
        }

        private static string ReadQuoted(string start, string[] lines, ref int index)
        {
            var quote = start[0];
            var builder = new StringBuilder(start.Substring(1));
            while (true)
            {
                var current = builder.ToString();
                var close = current.IndexOf(quote);
                if (close >= 0)
                {
                    return current.Substring(0, close);
                }

                if (quote != '"' || index + 1 >= lines.Length)
                {
                    // An unclosed quote: take the rest of the line as python-dotenv does.
                    return current;
                }

                index++;
                builder.Append('\n').Append(lines[index]);
            }
        }

        private static string StripInlineComment(string value)
        {
            var hash = value.IndexOf(" #", StringComparison.Ordinal);
            return hash >= 0 ? value.Substring(0, hash).TrimEnd() : value;
        }
    }
}
