using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
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
    /// Turns inputs into jobs (images x prompts x count, image-major) and matches them with an earlier manifest.
    /// A job's id is a hash of what it would send (image name and bytes, prompt, model, ratio, size, n), so a
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
            CancellationToken cancellationToken)
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

            var sameService = earlier is not null && string.Equals(earlier.BaseUri, baseUri, StringComparison.Ordinal);
            var uploadedBySha = sameService ? UploadUrlsByContent(rows) : new Dictionary<string, string>();
            var knownUrls = inputs.Images
                .Select(image => uploadedBySha.TryGetValue(image.Sha256, out var url) ? url : null)
                .ToList();

            var planned = new List<PlannedJob>();
            var occurrences = new Dictionary<string, int>(StringComparer.Ordinal);
            var imageIndexes = inputs.Images.Count == 0 ? new[] { -1 } : Enumerable.Range(0, inputs.Images.Count).ToArray();
            foreach (var imageIndex in imageIndexes)
            {
                var image = imageIndex < 0 ? null : inputs.Images[imageIndex];
                for (var p = 0; p < inputs.Prompts.Count; p++)
                {
                    for (var n = 1; n <= options.Count; n++)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        var id = JobId(image, inputs.Prompts[p], options, n, occurrences);
                        int rowIndex;
                        if (rowById.TryGetValue(id, out rowIndex))
                        {
                            rows[rowIndex] = rows[rowIndex] with { SourcePath = image?.FullPath, PromptNumber = p + 1 };
                        }
                        else
                        {
                            var name = FreeName(NaturalStem(image, p + 1, n), reservedNames);
                            rowIndex = rows.Count;
                            rows.Add(new ManifestJob
                            {
                                Id = id,
                                SourcePath = image?.FullPath,
                                SourceSha256 = image?.Sha256,
                                Prompt = inputs.Prompts[p],
                                PromptNumber = p + 1,
                                Model = options.Model,
                                AspectRatio = options.AspectRatio,
                                ImageSize = options.ImageSize,
                                N = n,
                                OutputName = name,
                                Status = ManifestJobStatus.Pending,
                                UpdatedAt = DateTimeOffset.Now,
                            });
                            rowById[id] = rowIndex;
                        }

                        var (row, action) = await ClassifyAsync(rows[rowIndex], outputDirectory, options.Force, cancellationToken)
                            .ConfigureAwait(false);
                        rows[rowIndex] = row;
                        planned.Add(new PlannedJob(rowIndex, imageIndex, action));
                    }
                }
            }

            return new BatchPlan(rows, planned, inputs.Images, knownUrls);
        }

        private static async Task<(ManifestJob Row, PlannedAction Action)> ClassifyAsync(
            ManifestJob row, string outputDirectory, bool force, CancellationToken cancellationToken)
        {
            if (row.Status == ManifestJobStatus.Succeeded)
            {
                if (await OutputsIntactAsync(row, outputDirectory, cancellationToken).ConfigureAwait(false))
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

        private static async Task<bool> OutputsIntactAsync(ManifestJob row, string outputDirectory, CancellationToken cancellationToken)
        {
            if (row.Outputs.Count == 0)
            {
                return false;
            }

            foreach (var name in row.Outputs)
            {
                var path = OutputNames.Confine(outputDirectory, name);
                if (!File.Exists(path) || !await ImageFormat.IsCompleteImageFileAsync(path, cancellationToken).ConfigureAwait(false))
                {
                    return false;
                }
            }

            return true;
        }

        private static string NaturalStem(SourceImage? image, int promptNumber, int n)
            => image is null ? $"prompt{promptNumber}_{n}" : $"{image.NameStem}_p{promptNumber}_{n}";

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
            foreach (var row in rows)
            {
                if (row.SourceSha256 is not null && row.UploadUrl is not null)
                {
                    urls[row.SourceSha256] = row.UploadUrl;
                }
            }

            return urls;
        }

        private static string JobId(SourceImage? image, string prompt, BatchOptions options, int n, Dictionary<string, int> occurrences)
        {
            var identity = string.Join(
                "\n",
                "banana-job-v1",
                image is null ? string.Empty : Path.GetFileName(image.FullPath),
                image?.Sha256 ?? string.Empty,
                prompt,
                options.Model,
                options.AspectRatio,
                options.ImageSize ?? string.Empty,
                n.ToString(System.Globalization.CultureInfo.InvariantCulture));

            // The same prompt twice in text.txt is two jobs, not one.
            occurrences.TryGetValue(identity, out var seen);
            occurrences[identity] = seen + 1;
            if (seen > 0)
            {
                identity += "\n#" + (seen + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            using var sha = SHA256.Create();
            return FileDigest.ToHex(sha.ComputeHash(Encoding.UTF8.GetBytes(identity))).Substring(0, 16);
        }
    }
}
