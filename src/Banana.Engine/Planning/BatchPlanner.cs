using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.ExceptionServices;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Banana.Client;
using Banana.Engine.Manifest;

using Banana.Shared;

namespace Banana.Engine.Planning
{
    /// <summary>
    /// Turns the inputs' requests into jobs (each request x its count) and matches them with an earlier manifest.
    /// A job's id is a hash of what it would send (each reference's name and bytes in order, prompt, model, ratio, size, n), so a
    /// changed image or parameter makes a new job while an unchanged one resumes where it stopped.
    /// </summary>
    internal static class BatchPlanner
    {
        public static async Task<BatchPlan> PlanAsync(
            BatchOptions options,
            BatchInputs inputs,
            ManifestDocument? earlier,
            string outputDirectory,
            string baseUri,
            CancellationToken cancellationToken,
            bool checkSavedResultsNow = true)
        {
            var rows = earlier?.Jobs.ToList() ?? new List<ManifestJob>();
            var rowById = new Dictionary<string, int>(StringComparer.Ordinal);
            var reservedNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < rows.Count; i++)
            {
                rowById[rows[i].Id] = i;
                reservedNames.Add(rows[i].OutputName);
                reservedNames.UnionWith(rows[i].Outputs);
            }

            // Every result an earlier run saved is checked (a removed or damaged one is made again): here, on every
            // processor at once, for an estimate; while the run goes on for a run (PlannedAction.Verify), since at
            // 50,000 jobs, and on a disk the system had not cached, this check was most of a resume's wait.
            var intact = checkSavedResultsNow ? OutputsIntact(rows, outputDirectory, cancellationToken) : null;

            var sameService = earlier is not null && string.Equals(earlier.BaseUri, baseUri, StringComparison.Ordinal);
            var uploadedBySha = sameService ? UploadUrlsByContent(rows) : new Dictionary<string, string>();
            var knownUrls = inputs.Images
                .Select(image => uploadedBySha.TryGetValue(image.Sha256, out var url) ? url : null)
                .ToList();

            var planned = new List<PlannedJob>();
            var ids = JobIds(inputs, cancellationToken);
            var next = 0;
            foreach (var request in inputs.Requests)
            {
                var references = request.ImageIndexes.Select(i => inputs.Images[i]).ToList();
                for (var n = 1; n <= request.Count; n++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var id = ids[next++];
                    int rowIndex;
                    if (rowById.TryGetValue(id, out rowIndex))
                    {
                        // Same job; its files may have moved with their folder, and its prompt may sit on another line now.
                        // An unchanged row stays the same object: the first write appends only the rows that changed.
                        var earlierRow = rows[rowIndex];
                        var sourcePath = references.FirstOrDefault()?.FullPath;
                        if (earlierRow.SourcePath != sourcePath || earlierRow.PromptNumber != request.PromptNumber
                            || earlierRow.Row != request.Row || !SameReferences(earlierRow.References, references))
                        {
                            rows[rowIndex] = earlierRow with
                            {
                                SourcePath = sourcePath,
                                References = Relocated(references, earlierRow.AllReferences()),
                                PromptNumber = request.PromptNumber,
                                Row = request.Row,
                            };
                        }
                    }
                    else
                    {
                        var name = FreeName($"{request.NameStem}_{n}", reservedNames);
                        rowIndex = rows.Count;
                        rows.Add(new ManifestJob
                        {
                            Id = id,
                            SourcePath = references.FirstOrDefault()?.FullPath,
                            SourceSha256 = references.FirstOrDefault()?.Sha256,
                            References = references.Select(image => new ManifestReference(image.FullPath, image.Sha256)).ToList(),
                            Row = request.Row,
                            Prompt = request.Prompt,
                            PromptNumber = request.PromptNumber,
                            Model = request.Model,
                            AspectRatio = request.AspectRatio,
                            ImageSize = request.ImageSize,
                            N = n,
                            OutputName = name,
                            Status = ManifestJobStatus.Pending,
                            UpdatedAt = DateTimeOffset.Now,
                        });
                        rowById[id] = rowIndex;
                    }

                    bool? whole = intact is null ? null : rowIndex < intact.Length && intact[rowIndex];
                    var (row, action) = Classify(rows[rowIndex], whole, outputDirectory, options.Force);
                    rows[rowIndex] = row;
                    planned.Add(new PlannedJob(rowIndex, request.ImageIndexes, action));
                }
            }

            return new BatchPlan(rows, planned, inputs.Images, knownUrls);
        }

        /// <summary>These images as references, each keeping what was recorded of its upload at its position.</summary>
        private static List<ManifestReference> Relocated(List<SourceImage> images, IReadOnlyList<ManifestReference> known)
            => images
                .Select((image, i) => i < known.Count
                    ? new ManifestReference(image.FullPath, image.Sha256, known[i].UploadUrl, known[i].Upload)
                    : new ManifestReference(image.FullPath, image.Sha256))
                .ToList();

        /// <summary>Whether the recorded references are these images, in this order (their upload facts aside).</summary>
        private static bool SameReferences(IReadOnlyList<ManifestReference> recorded, List<SourceImage> images)
        {
            if (recorded.Count != images.Count)
            {
                return false;
            }

            for (var i = 0; i < images.Count; i++)
            {
                if (recorded[i].Path != images[i].FullPath || recorded[i].Sha256 != images[i].Sha256)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// What to do with a row: <paramref name="outputsIntact"/> says whether an earlier run's results are whole on
        /// disk, or is null when that is checked later (a finished row with results is then to be verified).
        /// </summary>
        internal static (ManifestJob Row, PlannedAction Action) Classify(ManifestJob row, bool? outputsIntact, string outputDirectory, bool force)
        {
            if (row.Status == ManifestJobStatus.Succeeded)
            {
                if (outputsIntact is null && row.Outputs.Count > 0)
                {
                    return (row, PlannedAction.Verify);
                }

                if (outputsIntact == true)
                {
                    return (row, PlannedAction.Skip);
                }

                // Someone removed or damaged a result: the person wants it back, and its URLs have likely expired.
                row = row with { Status = ManifestJobStatus.Pending, TaskId = null, KeyNumber = null, ResultUrls = Array.Empty<string>() };
            }

            if (row.TaskId is not null)
            {
                return (row, PlannedAction.Resume);
            }

            var target = OutputNames.Confine(outputDirectory, row.OutputName);
            var ownedByJob = row.Outputs.Contains(row.OutputName, StringComparer.OrdinalIgnoreCase);
            return !force && !ownedByJob && File.Exists(target)
                ? (row, PlannedAction.RefuseOutputExists)
                : (row, PlannedAction.Run);
        }

        /// <summary>For each row an earlier run finished: whether every result it recorded is still whole on disk.</summary>
        private static bool[] OutputsIntact(List<ManifestJob> rows, string outputDirectory, CancellationToken cancellationToken)
        {
            var intact = new bool[rows.Count];
            var parallel = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount };
            try
            {
                Parallel.For(0, rows.Count, parallel, i => intact[i] = SavedResultsWhole(rows[i], outputDirectory));
            }
            catch (AggregateException e)
            {
                // As a check made one by one would fail: with the first error itself.
                ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            }

            return intact;
        }

        /// <summary>Whether a row an earlier run finished still has every result it recorded, whole, on disk.</summary>
        internal static bool SavedResultsWhole(ManifestJob row, string outputDirectory)
            => row.Status == ManifestJobStatus.Succeeded && row.Outputs.Count > 0
                && row.Outputs.All(name => IsWholeImage(OutputNames.Confine(outputDirectory, name)));

        private static bool IsWholeImage(string path)
        {
            try
            {
                return File.Exists(path) && ImageFormat.IsCompleteImageFile(path);
            }
            catch (Exception e) when (e is FileNotFoundException || e is DirectoryNotFoundException)
            {
                return false; // removed since it was looked for: made again, as a missing one is
            }
        }

        /// <summary>The natural name, or a versioned one when an earlier job (say, of a since-changed image) owns it.</summary>
        private static string FreeName(string stem, HashSet<string> reservedNames)
        {
            var name = stem + ".png";
            for (var version = 2; !reservedNames.Add(name); version++)
            {
                name = $"{stem}_v{version}.png";
            }

            return name;
        }

        private static Dictionary<string, string> UploadUrlsByContent(List<ManifestJob> rows)
        {
            var urls = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var reference in rows.SelectMany(row => row.AllReferences()))
            {
                if (reference.Sha256.Length > 0 && reference.UploadUrl is not null)
                {
                    urls[reference.Sha256] = reference.UploadUrl;
                }
            }

            return urls;
        }

        /// <summary>
        /// Every job's id, in plan order: each job's identity hashed, on every processor (one SHA-256 after another was
        /// most of planning a 50,000-job resume). The same prompt twice in text.txt (or the same row twice in a job
        /// file) is two jobs, not one: a repeated identity is numbered and hashed again.
        /// </summary>
        private static string[] JobIds(BatchInputs inputs, CancellationToken cancellationToken)
        {
            var requests = inputs.Requests;
            var firstJob = new int[requests.Count + 1];
            for (var r = 0; r < requests.Count; r++)
            {
                firstJob[r + 1] = firstJob[r] + requests[r].Count;
            }

            var fileNames = inputs.Images.Select(image => Path.GetFileName(image.FullPath)).ToArray();
            var ids = new string[firstJob[requests.Count]];
            Parallel.For(
                0,
                requests.Count,
                new ParallelOptions { CancellationToken = cancellationToken },
                () => SHA256.Create(),
                (r, _, sha) =>
                {
                    for (var n = 1; n <= requests[r].Count; n++)
                    {
                        ids[firstJob[r] + n - 1] = Hash(sha, Identity(inputs.Images, fileNames, requests[r], n));
                    }

                    return sha;
                },
                sha => sha.Dispose());

            // Equal identities have equal ids, so the ids are counted (shorter to compare than the identities).
            var occurrences = new Dictionary<string, int>(StringComparer.Ordinal);
            using var again = SHA256.Create();
            for (var r = 0; r < requests.Count; r++)
            {
                for (var n = 1; n <= requests[r].Count; n++)
                {
                    var job = firstJob[r] + n - 1;
                    occurrences.TryGetValue(ids[job], out var seen);
                    occurrences[ids[job]] = seen + 1;
                    if (seen > 0)
                    {
                        var numbered = Identity(inputs.Images, fileNames, requests[r], n) + "\n#" + (seen + 1).ToString(CultureInfo.InvariantCulture);
                        ids[job] = Hash(again, numbered);
                    }
                }
            }

            return ids;
        }

        private static string Hash(SHA256 sha, string identity)
            => FileDigest.ToHex(sha.ComputeHash(Encoding.UTF8.GetBytes(identity))).Substring(0, 16);

        /// <summary>
        /// What makes a job itself, before hashing. A job of no or one reference keeps the identity it had before jobs
        /// could have several (so older manifests resume); several references, in order, and a job file row's own name
        /// make a <c>v2</c> identity.
        /// </summary>
        private static string Identity(IReadOnlyList<SourceImage> images, string[] fileNames, JobRequest request, int n)
        {
            var identity = new StringBuilder(request.ImageIndexes.Count > 1 || request.Name is not null ? "banana-job-v2" : "banana-job-v1");
            if (request.ImageIndexes.Count == 0)
            {
                identity.Append('\n').Append('\n');
            }

            foreach (var index in request.ImageIndexes)
            {
                identity.Append('\n').Append(fileNames[index]).Append('\n').Append(images[index].Sha256);
            }

            identity.Append('\n').Append(request.Prompt)
                .Append('\n').Append(request.Model)
                .Append('\n').Append(request.AspectRatio)
                .Append('\n').Append(request.ImageSize ?? string.Empty)
                .Append('\n').Append(n.ToString(CultureInfo.InvariantCulture));
            if (request.Name is not null)
            {
                identity.Append("\nname:").Append(request.Name);
            }

            return identity.ToString();
        }
    }
}
