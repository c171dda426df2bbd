using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;

using Banana.Shared;

namespace Banana.Engine.Planning
{
    /// <summary>
    /// What a batch asks for: the distinct reference images (hashed once, each uploaded once per batch) and the
    /// requests that use them. Read either from the input folder as the original scripts laid it out (<c>image/</c>,
    /// <c>text/text.txt</c>, optional per-photo <c>text/&lt;stem&gt;.txt</c>) or from a job file. Bad images of the folder
    /// are reported and left out; a missing folder, no prompt at all or any mistake in a job file stops the batch
    /// before anything is spent.
    /// </summary>
    internal sealed class BatchInputs
    {
        public const string ImageFolderName = "image";
        public const string PromptFolderName = "text";
        public const string PromptFileName = "text.txt";

        private BatchInputs(IReadOnlyList<SourceImage> images, IReadOnlyList<JobRequest> requests, string description)
        {
            Images = images;
            Requests = requests;
            Description = description;
        }

        /// <summary>The distinct images the requests refer to; in file-name order for the folder layout.</summary>
        public IReadOnlyList<SourceImage> Images { get; }

        /// <summary>In the order the jobs run (image-major for the folder layout, row order for a job file).</summary>
        public IReadOnlyList<JobRequest> Requests { get; }

        /// <summary>Where the requests came from, for the verbose log ("2 image(s) x 3 prompt(s)").</summary>
        public string Description { get; }

        /// <summary>The path the manifest records as the batch's input: the folder, or the job file.</summary>
        public static string SourceOf(BatchOptions options)
            => Path.GetFullPath(!string.IsNullOrEmpty(options.JobFile) ? options.JobFile : string.IsNullOrEmpty(options.InputPath) ? "." : options.InputPath);

        public static async Task<BatchInputs> ReadAsync(BatchOptions options, HostWording wording, IBatchObserver observer, CancellationToken cancellationToken)
        {
            if (!string.IsNullOrEmpty(options.JobFile))
            {
                return await FromJobFileAsync(options, wording, observer, cancellationToken).ConfigureAwait(false);
            }

            var root = Path.GetFullPath(string.IsNullOrEmpty(options.InputPath) ? "." : options.InputPath);
            if (!Directory.Exists(root))
            {
                throw new BananaException(
                    "InputPathNotFound",
                    BananaErrorKind.NotFound,
                    $"The input folder '{root}' does not exist. Point {wording.InputFolder} at a folder holding image/ and text/text.txt (or give {wording.JobFile}).",
                    root);
            }

            var imageFolder = Path.Combine(root, ImageFolderName);
            var (images, rejected, stems) = await ReadImagesAsync(imageFolder, options.MaxImageBytes, observer, cancellationToken).ConfigureAwait(false);
            if (images.Count == 0 && rejected > 0)
            {
                // Without this the batch would quietly turn into text-to-image jobs: credits spent on what nobody asked for.
                throw new BananaException(
                    "NoUsableImages",
                    BananaErrorKind.InvalidData,
                    $"None of the {rejected} file(s) in '{imageFolder}' is a usable image (see the errors before this one), so nothing was "
                    + "generated. Fix or remove those files; to generate from the prompts alone, leave the image folder empty.",
                    imageFolder);
            }

            var prompts = FolderPrompts.Read(options, wording, root, images, stems);
            if (options.Pairing == BatchPairing.OneToOne)
            {
                return new BatchInputs(
                    images,
                    PairOneToOne(options, wording, images, prompts.Shared, rejected, imageFolder),
                    $"{images.Count} image(s) paired one to one with {prompts.Shared.Count} prompt(s) x {options.Count}");
            }

            var requests = new List<JobRequest>();
            if (images.Count == 0)
            {
                for (var p = 0; p < prompts.Shared.Count; p++)
                {
                    requests.Add(FolderRequest(options, Array.Empty<int>(), prompts.Shared[p], p + 1, $"prompt{p + 1}"));
                }
            }

            for (var i = 0; i < images.Count; i++)
            {
                var own = prompts.PerImage[i];
                for (var p = 0; p < own.Count; p++)
                {
                    requests.Add(FolderRequest(options, new[] { i }, own[p], p + 1, $"{images[i].NameStem}_p{p + 1}"));
                }
            }

            var perPhoto = prompts.OwnFiles.Count == 0 ? string.Empty : $" ({prompts.OwnFiles.Count} with prompt files of their own)";
            return new BatchInputs(
                images,
                requests,
                $"{images.Count} image(s){perPhoto} x {prompts.Shared.Count} prompt(s) x {options.Count}");
        }

        private static JobRequest FolderRequest(BatchOptions options, IReadOnlyList<int> images, string prompt, int promptNumber, string nameStem)
            => new JobRequest(images, prompt, promptNumber, options.Model, options.AspectRatio, options.ImageSize, options.Count, nameStem);

        /// <summary>The n-th photo in name order with the n-th prompt; any doubt about the pairs stops the batch.</summary>
        private static List<JobRequest> PairOneToOne(
            BatchOptions options, HostWording wording, IReadOnlyList<SourceImage> images, IReadOnlyList<string> prompts, int rejected, string imageFolder)
        {
            if (rejected > 0)
            {
                // Pairs are made by position: leaving a bad photo out would shift every later photo onto the wrong prompt.
                throw new BananaException(
                    "PairingCountMismatch",
                    BananaErrorKind.InvalidData,
                    $"{wording.OneToOnePairing} pairs photos with prompts by position, and {rejected} file(s) in '{imageFolder}' are not usable "
                    + "(see the errors before this one), which would shift the pairs. Fix or remove them; nothing was submitted.",
                    imageFolder);
            }

            if (images.Count != prompts.Count)
            {
                throw new BananaException(
                    "PairingCountMismatch",
                    BananaErrorKind.InvalidData,
                    $"{wording.OneToOnePairing} pairs the n-th photo with the n-th prompt, but there are {images.Count} photo(s) in '{imageFolder}' "
                    + $"and {prompts.Count} prompt(s). Make the counts equal (one prompt line per photo, in the photos' name order); "
                    + "nothing was submitted.",
                    imageFolder);
            }

            var order = Enumerable.Range(0, images.Count)
                .OrderBy(i => Path.GetFileName(images[i].FullPath), NaturalNameOrder.Instance)
                .ToList();
            return order
                .Select((imageIndex, n) => FolderRequest(options, new[] { imageIndex }, prompts[n], n + 1, $"{images[imageIndex].NameStem}_p{n + 1}"))
                .ToList();
        }

        private static async Task<BatchInputs> FromJobFileAsync(BatchOptions options, HostWording wording, IBatchObserver observer, CancellationToken cancellationToken)
        {
            var rows = JobFile.Read(options.JobFile!, options, wording, observer);
            var indexByPath = new Dictionary<string, int>(StringComparer.Ordinal);
            var images = new List<SourceImage>();
            var requests = new List<JobRequest>();
            foreach (var row in rows)
            {
                var indexes = new List<int>();
                foreach (var path in row.ImagePaths)
                {
                    if (!indexByPath.TryGetValue(path, out var index))
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        index = images.Count;
                        images.Add(await HashImageAsync(path, cancellationToken).ConfigureAwait(false));
                        indexByPath[path] = index;
                    }

                    indexes.Add(index);
                }

                requests.Add(new JobRequest(
                    indexes,
                    row.Prompt,
                    row.Row,
                    row.Model,
                    row.AspectRatio,
                    row.ImageSize,
                    row.Count,
                    JobFileNames.Stem(row),
                    row.Row,
                    row.Name));
            }

            return new BatchInputs(images, requests, $"{rows.Count} row(s) of '{Path.GetFullPath(options.JobFile!)}' with {images.Count} distinct image(s)");
        }

        private static async Task<SourceImage> HashImageAsync(string path, CancellationToken cancellationToken)
        {
            try
            {
                var (bytes, sha) = await HashAsync(path, cancellationToken).ConfigureAwait(false);
                return new SourceImage(path, OutputNames.Sanitize(Path.GetFileNameWithoutExtension(path)) ?? "image", sha, bytes);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new BananaException("UnreadableFile", BananaErrorKind.Unreadable, $"'{path}' cannot be read: {e.Message}", path, e);
            }
        }

        /// <summary>
        /// The usable images, how many files were rejected (each reported to the observer), and the stems of all the
        /// folder's files, usable or not.
        /// </summary>
        private static async Task<(IReadOnlyList<SourceImage> Images, int Rejected, IReadOnlyCollection<string> Stems)> ReadImagesAsync(
            string folder, long maxBytes, IBatchObserver observer, CancellationToken cancellationToken)
        {
            if (!Directory.Exists(folder))
            {
                return (Array.Empty<SourceImage>(), 0, Array.Empty<string>());
            }

            var rejected = 0;
            var allStems = new List<string>();
            var usable = new List<(string Path, long Bytes, string Sha256)>();
            foreach (var path in Directory.EnumerateFiles(folder).OrderBy(p => p, StringComparer.Ordinal))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (IsHidden(path))
                {
                    continue;
                }

                allStems.Add(Path.GetFileNameWithoutExtension(path));
                var problem = ImageInspector.Check(path, maxBytes);
                if (problem is not null)
                {
                    rejected++;
                    observer.InputRejected(problem);
                    continue;
                }

                try
                {
                    var (bytes, sha) = await HashAsync(path, cancellationToken).ConfigureAwait(false);
                    usable.Add((path, bytes, sha));
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    rejected++;
                    observer.InputRejected(new InputProblem("UnreadableFile", $"'{path}' cannot be read: {e.Message}", path, BananaErrorKind.Unreadable));
                }
            }

            var stems = UniqueStems(usable.Select(u => u.Path).ToList());
            return (usable.Select((u, i) => new SourceImage(u.Path, stems[i], u.Sha256, u.Bytes)).ToList(), rejected, allStems);
        }

        /// <summary>
        /// File stems, made unique case-insensitively (Windows folders are): files sharing a stem keep their extension
        /// in it (<c>a_jpg</c>, <c>a_png</c>); a clash that remains gets a counter.
        /// </summary>
        internal static IReadOnlyList<string> UniqueStems(IReadOnlyList<string> paths)
        {
            string Stem(string path) => OutputNames.Sanitize(Path.GetFileNameWithoutExtension(path)) ?? "image";
            string WithExtension(string path)
                => OutputNames.Sanitize(Path.GetFileName(path).Replace('.', '_')) ?? "image";

            var stemCounts = paths.GroupBy(Stem, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Count(), StringComparer.OrdinalIgnoreCase);
            var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var result = new List<string>(paths.Count);
            foreach (var path in paths)
            {
                var candidate = stemCounts[Stem(path)] > 1 ? WithExtension(path) : Stem(path);
                var unique = candidate;
                for (var n = 2; !taken.Add(unique); n++)
                {
                    unique = $"{candidate}_{n}";
                }

                result.Add(unique);
            }

            return result;
        }

        private static bool IsHidden(string path)
        {
            var name = Path.GetFileName(path);
            return name.StartsWith(".", StringComparison.Ordinal)
                || (File.GetAttributes(path) & (FileAttributes.Hidden | FileAttributes.System)) != 0;
        }

        private static async Task<(long Bytes, string Sha256)> HashAsync(string path, CancellationToken cancellationToken)
        {
            var digest = await FileDigest.OfFileAsync(path, cancellationToken).ConfigureAwait(false);
            return (digest.Length, digest.Sha256);
        }
    }
}
