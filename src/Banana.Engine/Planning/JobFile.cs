using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Banana.Client;

namespace Banana.Engine.Planning
{
    /// <summary>
    /// Reads and checks a job file (<c>-JobFile jobs.csv</c> or <c>.json</c>): one job per row, with its own reference
    /// images, prompt and, optionally, name, model, ratio, size and count. Every mistake of every row is reported
    /// (each naming the file, the row and the column) and then the whole file is refused, before anything is
    /// uploaded or paid for: a half-right job file must not cost half its price and leave the person guessing.
    /// </summary>
    internal static class JobFile
    {
        /// <summary>The most results one row may ask for: the command's own -Count limit, so a typo cannot order thousands.</summary>
        public const int MaxCount = 100;

        /// <summary>Separates the paths of one <c>Images</c> cell.</summary>
        public const char ImageSeparator = ';';

        public static IReadOnlyList<JobFileRow> Read(string path, BatchOptions options, HostWording wording, IBatchObserver observer)
        {
            var full = Path.GetFullPath(path);
            var extension = Path.GetExtension(full).ToUpperInvariant();
            if (extension != ".CSV" && extension != ".JSON")
            {
                throw new BananaException(
                    "JobFileUnsupported",
                    BananaErrorKind.InvalidInput,
                    $"The job file '{full}' must be a .csv file (a header row, then one job per row) or a .json file (an array of "
                    + "objects with the same fields).",
                    full);
            }

            var text = ReadText(full, wording);
            var problems = new List<JobFileProblem>();
            var cells = extension == ".CSV" ? JobFileParser.ParseCsv(text, problems) : JobFileParser.ParseJson(text, problems);
            if (cells.Count == 0 && problems.Count == 0)
            {
                problems.Add(new JobFileProblem("JobFileEmpty", "the file", null, "it has no jobs: write one row per job under the header."));
            }

            var checker = new RowChecker(Path.GetDirectoryName(full)!, options, problems);
            var rows = checker.Check(cells);
            foreach (var warning in checker.Warnings)
            {
                observer.Warning(warning);
            }

            if (problems.Count > 0)
            {
                foreach (var problem in problems)
                {
                    observer.InputRejected(new InputProblem(problem.ErrorId, Describe(full, problem), full, KindOf(problem.ErrorId)));
                }

                throw new BananaException(
                    "JobFileRefused",
                    BananaErrorKind.InvalidData,
                    $"The job file '{full}' has {problems.Count} mistake(s), each reported on its own, so nothing was uploaded or "
                    + "submitted. Fix them and run the same command again.",
                    full);
            }

            return rows;
        }

        /// <summary>"Job file 'x.csv', row 2 (line 3), column Images: ..." - the file, the row and the column first.</summary>
        internal static string Describe(string file, JobFileProblem problem)
        {
            var where = problem.Where == "the file" ? string.Empty : ", " + problem.Where;
            var column = problem.Column is null ? string.Empty : $", column {problem.Column}";
            return $"Job file '{file}'{where}{column}: {problem.Message}";
        }

        private static BananaErrorKind KindOf(string errorId) => errorId switch
        {
            "JobFileImageNotFound" => BananaErrorKind.NotFound,
            "FileTooLarge" => BananaErrorKind.TooLarge,
            "UnreadableFile" => BananaErrorKind.Unreadable,
            _ => BananaErrorKind.InvalidData,
        };

        private static string ReadText(string full, HostWording wording)
        {
            if (!File.Exists(full))
            {
                throw new BananaException(
                    "JobFileNotFound",
                    BananaErrorKind.NotFound,
                    $"The job file '{full}' does not exist. Point {wording.JobFile} at a .csv or .json file listing the jobs.",
                    full);
            }

            try
            {
                return PromptText.Decode(File.ReadAllBytes(full));
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new BananaException("UnreadableFile", BananaErrorKind.Unreadable, $"The job file '{full}' cannot be read: {e.Message}", full, e);
            }
        }

        /// <summary>Checks the values of each row; every mistake goes to the shared list.</summary>
        private sealed class RowChecker
        {
            private readonly string folder;
            private readonly BatchOptions options;
            private readonly List<JobFileProblem> problems;
            private readonly Dictionary<string, InputProblem?> inspected = new Dictionary<string, InputProblem?>(StringComparer.Ordinal);
            private readonly Dictionary<string, int> rowByName = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            private readonly HashSet<string> warnedModels = new HashSet<string>(StringComparer.Ordinal);

            public RowChecker(string folder, BatchOptions options, List<JobFileProblem> problems)
            {
                this.folder = folder;
                this.options = options;
                this.problems = problems;
            }

            /// <summary>What the person should know but that refuses nothing (a model the catalog does not know).</summary>
            public List<string> Warnings { get; } = new List<string>();

            public IReadOnlyList<JobFileRow> Check(IReadOnlyList<JobFileCells> rows)
            {
                var checkedRows = new List<JobFileRow>();
                foreach (var row in rows)
                {
                    var before = problems.Count;
                    var images = Images(row);
                    var prompt = Text(row, JobFileColumns.Prompt)?.Trim();
                    if (string.IsNullOrEmpty(prompt))
                    {
                        Add("JobFileEmptyPrompt", row, JobFileColumns.Prompt, "the prompt is empty; describe the picture this job should make.");
                    }
                    else if (PromptText.ControlCharacter(prompt!.Replace('\r', ' ').Replace('\n', ' ')) is { } control)
                    {
                        // A line break inside a quoted cell is a person's multi-line prompt; a NUL or an escape is a wrong encoding.
                        Add(
                            "InvalidPrompt",
                            row,
                            JobFileColumns.Prompt,
                            $"the prompt holds the control character U+{(int)control:X4}, which no prompt needs. The file may be in an "
                            + "encoding Banana cannot tell: save it as UTF-8 (\"CSV UTF-8\" in Excel) and run again.");
                    }

                    var name = Name(row);
                    var (model, ratio, size) = ModelParameters(row);
                    var count = Count(row);
                    if (problems.Count == before)
                    {
                        checkedRows.Add(new JobFileRow(row.Row, images, prompt!, name, model, ratio, size, count));
                    }
                }

                return checkedRows;
            }

            private List<string> Images(JobFileCells row)
            {
                var paths = new List<string>();
                if (!row.Cells.TryGetValue(JobFileColumns.Images, out var cell))
                {
                    return paths;
                }

                var written = (cell.List ?? (cell.Text ?? string.Empty).Split(ImageSeparator))
                    .Select(p => p.Trim())
                    .Where(p => p.Length > 0);
                foreach (var relative in written)
                {
                    string full;
                    try
                    {
                        var portable = Path.DirectorySeparatorChar == '/' ? relative.Replace('\\', '/') : relative;
                        full = Path.GetFullPath(Path.Combine(folder, portable));
                    }
                    catch (Exception e) when (e is ArgumentException || e is NotSupportedException || e is PathTooLongException)
                    {
                        Add("JobFileInvalidValue", row, JobFileColumns.Images, $"'{relative}' is not a usable path: {e.Message}");
                        continue;
                    }

                    if (paths.Contains(full, StringComparer.OrdinalIgnoreCase))
                    {
                        Add("JobFileInvalidValue", row, JobFileColumns.Images, $"'{relative}' is listed twice in this row; list each reference once.");
                        continue;
                    }

                    if (Inspect(full) is { } problem)
                    {
                        Add(
                            problem.ErrorId == "FileNotFound" ? "JobFileImageNotFound" : problem.ErrorId,
                            row,
                            JobFileColumns.Images,
                            ImageProblem(relative, full, problem));
                        continue;
                    }

                    paths.Add(full);
                }

                return paths;
            }

            private string ImageProblem(string relative, string full, InputProblem problem)
            {
                var shown = string.Equals(relative, full, StringComparison.Ordinal) ? $"'{full}'" : $"'{relative}' ('{full}')";
                return problem.ErrorId switch
                {
                    "FileNotFound" => $"{shown} does not exist. Paths are relative to the job file's folder; separate several with '{ImageSeparator}'.",
                    "EmptyFile" => $"{shown} is empty or not a regular file.",
                    "FileTooLarge" => $"{shown} is over the limit of {options.MaxImageBytes:N0} bytes; shrink it or raise the limit.",
                    "NotAnImage" => $"{shown} is not a jpg, png, webp, gif or bmp image (judged by its content, not its name).",
                    _ => problem.Message,
                };
            }

            private InputProblem? Inspect(string full)
            {
                if (!inspected.TryGetValue(full, out var problem))
                {
                    problem = File.Exists(full)
                        ? ImageInspector.Check(full, options.MaxImageBytes)
                        : new InputProblem("FileNotFound", $"'{full}' does not exist.", full, BananaErrorKind.NotFound);
                    inspected[full] = problem;
                }

                return problem;
            }

            private string? Name(JobFileCells row)
            {
                var name = Text(row, JobFileColumns.Name)?.Trim();
                if (string.IsNullOrEmpty(name))
                {
                    return null;
                }

                if (OutputNames.Sanitize(name) != name)
                {
                    Add(
                        "JobFileInvalidValue",
                        row,
                        JobFileColumns.Name,
                        $"'{name}' cannot be a file name: leave out \\ / : * ? \" < > | and leading or trailing dots.");
                    return null;
                }

                if (rowByName.TryGetValue(name!, out var earlier))
                {
                    Add(
                        "JobFileInvalidValue",
                        row,
                        JobFileColumns.Name,
                        $"'{name}' is already the name of row {earlier.ToString(CultureInfo.InvariantCulture)}; each row needs its own name (results are <Name>_<n>.png).");
                    return null;
                }

                rowByName[name!] = row.Row;
                return name;
            }

            private (string Model, string Ratio, string? Size) ModelParameters(JobFileCells row)
            {
                var ownModel = Text(row, JobFileColumns.Model)?.Trim();
                var ownRatio = Text(row, JobFileColumns.AspectRatio)?.Trim();
                var ownSize = Text(row, JobFileColumns.ImageSize)?.Trim();
                var model = string.IsNullOrEmpty(ownModel) ? options.Model : ownModel!;
                var ratio = string.IsNullOrEmpty(ownRatio) ? options.AspectRatio : ownRatio!;
                var size = string.IsNullOrEmpty(ownSize) ? options.ImageSize : ownSize;
                try
                {
                    if (ModelCatalog.Validate(model, ratio, size) is { } warning && warnedModels.Add(model))
                    {
                        // A model newer than the catalog is sent as asked, as on the command line; said once per model.
                        Warnings.Add($"Job file row {row.Row.ToString(CultureInfo.InvariantCulture)}: {warning}");
                    }
                }
                catch (GrsaiValidationException e)
                {
                    var column = e.ParameterName;
                    var ownValue = column == JobFileColumns.AspectRatio ? ownRatio : column == JobFileColumns.ImageSize ? ownSize : ownModel;
                    if (string.IsNullOrEmpty(ownValue))
                    {
                        // The bad value came from the command; the row's own Model is what made it bad.
                        Add("JobFileInvalidValue", row, JobFileColumns.Model, $"{e.Message} (the {column} comes from the command line).");
                    }
                    else
                    {
                        Add("JobFileInvalidValue", row, column, e.Message);
                    }
                }

                return (model, ratio, size);
            }

            private int Count(JobFileCells row)
            {
                var text = Text(row, JobFileColumns.Count)?.Trim();
                if (string.IsNullOrEmpty(text))
                {
                    return options.Count;
                }

                if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count >= 1 && count <= MaxCount)
                {
                    return count;
                }

                Add("JobFileInvalidValue", row, JobFileColumns.Count, $"'{text}' is not a whole number of results from 1 to {MaxCount}.");
                return 1;
            }

            private static string? Text(JobFileCells row, string column)
                => row.Cells.TryGetValue(column, out var cell) ? cell.Text ?? (cell.List is null ? null : string.Join(";", cell.List)) : null;

            private void Add(string errorId, JobFileCells row, string column, string message)
                => problems.Add(new JobFileProblem(errorId, row.Where, column, message));
        }
    }
}
