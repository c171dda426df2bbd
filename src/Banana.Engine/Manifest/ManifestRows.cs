using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using Banana.Engine.Reporting;

namespace Banana.Engine.Manifest
{
    /// <summary>
    /// Checks every row of a loaded manifest before the batch trusts it. The manifest is a file a person may edit: a
    /// null row or id used to stop the batch with raw .NET text, and an output name such as <c>banana-manifest.json</c>
    /// made the batch overwrite its own records and pay again on every rerun. A row that fails is named (position and
    /// job id) with what is wrong, so the person can fix or remove that row.
    /// </summary>
    internal static class ManifestRows
    {
        /// <summary>The batch's own files in the output folder: never a job's result.</summary>
        public static readonly IReadOnlyList<string> ReservedNames = new[]
        {
            ManifestFile.FileName,
            Path.GetFileName(ManifestFile.JournalPath(ManifestFile.FileName)),
            HtmlReportWriter.DefaultFileName,
            BatchLock.FileName,
            BatchLock.OwnerFileName,
        };

        /// <summary>True when <paramref name="name"/> is one of the batch's own files (compared as Windows would).</summary>
        public static bool IsReserved(string name)
        {
            foreach (var reserved in ReservedNames)
            {
                if (string.Equals(name, reserved, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>What is wrong with the document's rows, as "row 3 (job ab12...) has no prompt"; null when nothing is.</summary>
        public static string? FindProblem(ManifestDocument document)
        {
            if (document.FormatVersion > ManifestDocument.CurrentFormatVersion)
            {
                return $"it was written by a newer Banana (format {document.FormatVersion}; this one reads up to {ManifestDocument.CurrentFormatVersion})";
            }

            if (document.Jobs is null)
            {
                return "its 'jobs' list is null";
            }

            // Each row's own checks on every processor (at 50,000 rows they were a large part of reading a manifest),
            // then the rows in order, so the problem named is the first one, as a person reading the file meets it.
            var rowProblems = new string?[document.Jobs.Count];
            var webAddresses = new WebAddresses();
            System.Threading.Tasks.Parallel.For(0, rowProblems.Length, i => rowProblems[i] = document.Jobs[i] is { } row ? FindRowProblem(row, webAddresses) : null);
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < document.Jobs.Count; i++)
            {
                var row = document.Jobs[i];
                var position = i + 1;
                if (row is null)
                {
                    return $"row {position} of 'jobs' is null";
                }

                if (string.IsNullOrWhiteSpace(row.Id))
                {
                    return $"row {position} of 'jobs' has no id";
                }

                if (seen.TryGetValue(row.Id, out var first))
                {
                    return $"row {position} of 'jobs' repeats the id {row.Id} of row {first}";
                }

                seen[row.Id] = position;
                if (rowProblems[i] is { } problem)
                {
                    return $"row {position} of 'jobs' (job {row.Id}) {problem}";
                }
            }

            return null;
        }

        private static string? FindRowProblem(ManifestJob row, WebAddresses webAddresses)
        {
            if (!Enum.IsDefined(typeof(ManifestJobStatus), row.Status))
            {
                return $"has an unknown status ({(int)row.Status})";
            }

            if (row.Prompt is null || row.Model is null || row.AspectRatio is null)
            {
                return row.Prompt is null ? "has no prompt" : row.Model is null ? "has no model" : "has no aspectRatio";
            }

            if (NameProblem(row.OutputName) is { } nameProblem)
            {
                return $"has an outputName that {nameProblem}";
            }

            if (row.Outputs is null || row.ResultUrls is null)
            {
                return row.Outputs is null ? "has a null 'outputs' list" : "has a null 'resultUrls' list";
            }

            foreach (var output in row.Outputs)
            {
                if (NameProblem(output) is { } outputProblem)
                {
                    return $"lists an output that {outputProblem}";
                }
            }

            foreach (var url in row.ResultUrls)
            {
                if (url is null)
                {
                    return "lists a null result URL";
                }
            }

            if (row.TaskId is not null && row.TaskId.Trim().Length == 0)
            {
                return "has an empty taskId";
            }

            if (row.KeyNumber is < 1)
            {
                return $"has a keyNumber below 1 ({row.KeyNumber})";
            }

            if (row.UploadUrl is not null && !webAddresses.Contains(row.UploadUrl))
            {
                return "has an uploadUrl that is not an http(s) address";
            }

            if (row.References is null)
            {
                return "has a null 'references' list";
            }

            foreach (var reference in row.References)
            {
                if (reference is null || string.IsNullOrWhiteSpace(reference.Path) || reference.Sha256 is null)
                {
                    return "lists a reference without its path or sha256";
                }

                if (reference.UploadUrl is not null && !webAddresses.Contains(reference.UploadUrl))
                {
                    return "lists a reference whose uploadUrl is not an http(s) address";
                }
            }

            return row.N < 1 ? $"has an n below 1 ({row.N})" : null;
        }

        /// <summary>Why <paramref name="name"/> cannot be a result's file name; null when it can.</summary>
        private static string? NameProblem(string? name)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                return "is empty";
            }

            if (IsReserved(name!))
            {
                return $"is the batch's own file '{name}'";
            }

            // The planner only ever writes names that survive sanitizing unchanged: anything else was edited in, and
            // could name a folder, leave the output folder, or fail on Windows.
            return OutputNames.IsSanitized(name)
                ? null
                : $"is not a plain file name ('{name}')";
        }

        /// <summary>
        /// Whether each upload URL is an http(s) address, parsed once per URL: every job of a photo records the same one,
        /// and parsing it again for each of 50,000 rows was a large part of checking them.
        /// </summary>
        private sealed class WebAddresses
        {
            private readonly ConcurrentDictionary<string, bool> known = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);

            public bool Contains(string url) => known.GetOrAdd(url, IsWebAddress);

            private static bool IsWebAddress(string url)
                => Uri.TryCreate(url, UriKind.Absolute, out var uri)
                    && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
        }
    }
}
