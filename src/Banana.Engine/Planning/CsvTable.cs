using System.Collections.Generic;
using System.Text;

namespace Banana.Engine.Planning
{
    /// <summary>One record of a CSV file: its fields and the line it starts on (1-based), for error messages.</summary>
    internal sealed record CsvRecord(IReadOnlyList<string> Fields, int Line);

    /// <summary>
    /// Splits CSV text into records the way spreadsheet programs write it (RFC 4180): fields separated by commas,
    /// a field in double quotes may hold commas, line breaks and doubled quotes (<c>""</c>). Written here because
    /// netstandard2.0 has no CSV reader and a job file is small; a quote that never closes is reported, not guessed at.
    /// </summary>
    internal static class CsvTable
    {
        /// <summary>The records of <paramref name="text"/>; a trailing line break makes no empty record.</summary>
        /// <exception cref="System.FormatException">A quoted field is not closed, or a quote stands inside an unquoted field.</exception>
        public static IReadOnlyList<CsvRecord> Parse(string text)
        {
            var records = new List<CsvRecord>();
            var fields = new List<string>();
            var field = new StringBuilder();
            var line = 1;
            var recordLine = 1;
            var i = 0;
            var atFieldStart = true;
            while (i < text.Length)
            {
                var c = text[i];
                if (c == '"' && atFieldStart)
                {
                    var quoteLine = line;
                    i++;
                    while (true)
                    {
                        if (i >= text.Length)
                        {
                            throw new System.FormatException($"the quoted field that starts on line {quoteLine} is never closed (a \" is missing)");
                        }

                        if (text[i] == '"')
                        {
                            if (i + 1 < text.Length && text[i + 1] == '"')
                            {
                                field.Append('"');
                                i += 2;
                                continue;
                            }

                            i++;
                            break;
                        }

                        if (text[i] == '\n')
                        {
                            line++;
                        }

                        field.Append(text[i]);
                        i++;
                    }

                    // After the closing quote only a separator or the end of the record may follow.
                    if (i < text.Length && text[i] != ',' && text[i] != '\r' && text[i] != '\n')
                    {
                        throw new System.FormatException($"line {line} has text right after a closing quote; put the whole field in quotes");
                    }

                    atFieldStart = false;
                    continue;
                }

                if (c == ',')
                {
                    fields.Add(field.ToString());
                    field.Clear();
                    atFieldStart = true;
                    i++;
                    continue;
                }

                if (c == '\r' || c == '\n')
                {
                    fields.Add(field.ToString());
                    field.Clear();
                    records.Add(new CsvRecord(fields.ToArray(), recordLine));
                    fields.Clear();
                    i += c == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? 2 : 1;
                    line++;
                    recordLine = line;
                    atFieldStart = true;
                    continue;
                }

                if (c == '"')
                {
                    throw new System.FormatException($"line {line} has a \" inside a field that does not start with one; quote the whole field and double the \" inside");
                }

                field.Append(c);
                atFieldStart = false;
                i++;
            }

            if (fields.Count > 0 || field.Length > 0 || !atFieldStart)
            {
                fields.Add(field.ToString());
                records.Add(new CsvRecord(fields.ToArray(), recordLine));
            }

            return records;
        }
    }
}
