using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;

namespace Banana.Engine.Planning
{
    /// <summary>
    /// Reads the rows of a job file, CSV (a header row naming the columns) or JSON (an array of objects whose
    /// properties are the columns), into cells, without judging the values. Every mistake of the file's shape (an
    /// unknown or repeated column, a row with more values than columns, broken quoting or JSON) is collected, so the
    /// person sees all of them at once instead of fixing one per run.
    /// </summary>
    internal static class JobFileParser
    {
        private static readonly JsonDocumentOptions JsonReading = new JsonDocumentOptions
        {
            AllowTrailingCommas = true,
            CommentHandling = JsonCommentHandling.Skip,
        };

        public static IReadOnlyList<JobFileCells> ParseCsv(string text, List<JobFileProblem> problems)
        {
            IReadOnlyList<CsvRecord> records;
            try
            {
                records = CsvTable.Parse(text);
            }
            catch (FormatException e)
            {
                problems.Add(new JobFileProblem("JobFileMalformed", "the file", null, $"it is not valid CSV: {e.Message}."));
                return Array.Empty<JobFileCells>();
            }

            var headerIndex = 0;
            while (headerIndex < records.Count && IsBlank(records[headerIndex]))
            {
                headerIndex++;
            }

            if (headerIndex == records.Count)
            {
                problems.Add(new JobFileProblem(
                    "JobFileEmpty",
                    "the file",
                    null,
                    $"it has no header row. Start it with the column names, for example: {string.Join(",", JobFileColumns.All)}"));
                return Array.Empty<JobFileCells>();
            }

            var header = records[headerIndex];
            var columns = ReadHeader(header, problems);
            if (!columns.Contains(JobFileColumns.Prompt))
            {
                return Array.Empty<JobFileCells>(); // every row would repeat the header's one mistake
            }

            var rows = new List<JobFileCells>();
            for (var r = headerIndex + 1; r < records.Count; r++)
            {
                var record = records[r];
                var rowNumber = r - headerIndex;
                if (IsBlank(record))
                {
                    continue; // spreadsheets leave empty lines (",,,") at the end
                }

                var where = $"row {rowNumber} (line {record.Line})";
                if (record.Fields.Count > columns.Count)
                {
                    problems.Add(new JobFileProblem(
                        "JobFileExtraValues",
                        where,
                        null,
                        $"it has {record.Fields.Count} values but the header names {columns.Count} columns. A value holding a comma "
                        + "(a prompt, say) must be written in double quotes: \"red, then blue\"."));
                    continue;
                }

                var cells = new Dictionary<string, JobFileCell>(StringComparer.Ordinal);
                for (var c = 0; c < record.Fields.Count; c++)
                {
                    if (record.Fields[c].Trim().Length == 0)
                    {
                        continue;
                    }

                    if (columns[c] is { } column)
                    {
                        cells[column] = new JobFileCell(column, record.Fields[c]);
                    }
                    else if (header.Fields[c].Trim().Length == 0)
                    {
                        // A value under a nameless column would otherwise be dropped without a word.
                        problems.Add(UnknownColumn(where, header.Fields[c]));
                    }
                }

                rows.Add(new JobFileCells(rowNumber, where, cells));
            }

            return rows;
        }

        public static IReadOnlyList<JobFileCells> ParseJson(string text, List<JobFileProblem> problems)
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(text, JsonReading);
            }
            catch (JsonException e)
            {
                var line = e.LineNumber is { } l ? $" (line {(l + 1).ToString(CultureInfo.InvariantCulture)})" : string.Empty;
                problems.Add(new JobFileProblem("JobFileMalformed", "the file", null, $"it is not valid JSON{line}: {e.Message}"));
                return Array.Empty<JobFileCells>();
            }

            using (document)
            {
                if (document.RootElement.ValueKind != JsonValueKind.Array)
                {
                    problems.Add(new JobFileProblem(
                        "JobFileMalformed",
                        "the file",
                        null,
                        "it must be a JSON array of objects, one per job: [{\"Images\": \"a.jpg;b.jpg\", \"Prompt\": \"...\"}]."));
                    return Array.Empty<JobFileCells>();
                }

                var rows = new List<JobFileCells>();
                var rowNumber = 0;
                foreach (var element in document.RootElement.EnumerateArray())
                {
                    rowNumber++;
                    var where = $"row {rowNumber.ToString(CultureInfo.InvariantCulture)}";
                    if (element.ValueKind != JsonValueKind.Object)
                    {
                        problems.Add(new JobFileProblem("JobFileMalformed", where, null, $"it is a JSON {Describe(element.ValueKind)}, not an object with the job's fields."));
                        continue;
                    }

                    rows.Add(new JobFileCells(rowNumber, where, ReadObject(element, where, problems)));
                }

                return rows;
            }
        }

        private static List<string?> ReadHeader(CsvRecord header, List<JobFileProblem> problems)
        {
            var where = $"the header (line {header.Line.ToString(CultureInfo.InvariantCulture)})";
            var columns = new List<string?>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var written in header.Fields)
            {
                var column = JobFileColumns.Canonical(written);
                if (column is null)
                {
                    if (written.Trim().Length > 0 || header.Fields.Count == 1)
                    {
                        problems.Add(UnknownColumn(where, written));
                    }
                }
                else if (!seen.Add(column))
                {
                    problems.Add(new JobFileProblem("JobFileDuplicateColumn", where, column, "the column appears twice; keep one."));
                    column = null;
                }

                columns.Add(column);
            }

            if (!seen.Contains(JobFileColumns.Prompt))
            {
                problems.Add(new JobFileProblem(
                    "JobFileMissingColumn",
                    where,
                    JobFileColumns.Prompt,
                    $"there is no Prompt column; every job needs one. The header has: {string.Join(", ", header.Fields)}."));
            }

            return columns;
        }

        private static Dictionary<string, JobFileCell> ReadObject(JsonElement element, string where, List<JobFileProblem> problems)
        {
            var cells = new Dictionary<string, JobFileCell>(StringComparer.Ordinal);
            foreach (var property in element.EnumerateObject())
            {
                var column = JobFileColumns.Canonical(property.Name);
                if (column is null)
                {
                    problems.Add(UnknownColumn(where, property.Name));
                    continue;
                }

                if (cells.ContainsKey(column))
                {
                    problems.Add(new JobFileProblem("JobFileDuplicateColumn", where, column, "the field appears twice; keep one."));
                    continue;
                }

                var value = property.Value;
                switch (value.ValueKind)
                {
                    case JsonValueKind.Null:
                        break;
                    case JsonValueKind.String:
                        cells[column] = new JobFileCell(column, value.GetString());
                        break;
                    case JsonValueKind.Number:
                        cells[column] = new JobFileCell(column, value.GetRawText());
                        break;
                    case JsonValueKind.Array when column == JobFileColumns.Images:
                        if (value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String))
                        {
                            cells[column] = new JobFileCell(column, null, value.EnumerateArray().Select(v => v.GetString() ?? string.Empty).ToList());
                        }
                        else
                        {
                            problems.Add(new JobFileProblem("JobFileInvalidValue", where, column, "every entry of the Images array must be a path in quotes."));
                        }

                        break;
                    default:
                        problems.Add(new JobFileProblem(
                            "JobFileInvalidValue",
                            where,
                            column,
                            column == JobFileColumns.Images
                                ? $"it is a JSON {Describe(value.ValueKind)}; write the paths as a string (\"a.jpg;b.jpg\") or an array of strings."
                                : $"it is a JSON {Describe(value.ValueKind)}; write it as a string."));
                        break;
                }
            }

            return cells;
        }

        private static JobFileProblem UnknownColumn(string where, string written)
            => new JobFileProblem(
                "JobFileUnknownColumn",
                where,
                written.Trim().Length == 0 ? "(no name)" : written.Trim(),
                $"no such column. The columns are {string.Join(", ", JobFileColumns.All)} (Prompt is required; names ignore case).");

        private static bool IsBlank(CsvRecord record) => record.Fields.All(f => f.Trim().Length == 0);

        private static string Describe(JsonValueKind kind) => kind switch
        {
            JsonValueKind.Object => "object",
            JsonValueKind.Array => "array",
            JsonValueKind.String => "string",
            JsonValueKind.Number => "number",
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => "null",
        };
    }
}
