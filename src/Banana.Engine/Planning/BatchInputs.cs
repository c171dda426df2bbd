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
    /// The images and prompts of a batch, read from the input folder (<c>image/</c>, <c>text/text.txt</c>) as the
    /// original scripts laid it out. Bad images are reported and left out; a missing folder or no prompt at all
    /// stops the batch before anything is spent.
    /// </summary>
    internal sealed class BatchInputs
    {
        public const string ImageFolderName = "image";
        public const string PromptFolderName = "text";
        public const string PromptFileName = "text.txt";

        private BatchInputs(IReadOnlyList<SourceImage> images, IReadOnlyList<string> prompts)
        {
            Images = images;
            Prompts = prompts;
        }

        /// <summary>In file-name order. Empty means a text-to-image batch.</summary>
        public IReadOnlyList<SourceImage> Images { get; }

        public IReadOnlyList<string> Prompts { get; }

        public static async Task<BatchInputs> ReadAsync(BatchOptions options, HostWording wording, IBatchObserver observer, CancellationToken cancellationToken)
        {
            var root = Path.GetFullPath(string.IsNullOrEmpty(options.InputPath) ? "." : options.InputPath);
            if (!Directory.Exists(root))
            {
                throw new BananaException(
                    "InputPathNotFound",
                    BananaErrorKind.NotFound,
                    $"The input folder '{root}' does not exist. Point {wording.InputFolder} at a folder holding image/ and text/text.txt.",
                    root);
            }

            var prompts = ReadPrompts(options, root, wording);
            var imageFolder = Path.Combine(root, ImageFolderName);
            var (images, rejected) = await ReadImagesAsync(imageFolder, options.MaxImageBytes, observer, cancellationToken).ConfigureAwait(false);
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

            return new BatchInputs(images, prompts);
        }

        private static IReadOnlyList<string> ReadPrompts(BatchOptions options, string root, HostWording wording)
        {
            if (options.Prompts is { Count: > 0 } given)
            {
                var cleaned = given.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p.Trim()).ToList();
                if (cleaned.FirstOrDefault(p => PromptText.ControlCharacter(p) is not null) is { } bad)
                {
                    throw new BananaException(
                        "InvalidPrompt",
                        BananaErrorKind.InvalidInput,
                        $"The prompt '{new string(bad.Select(c => char.IsControl(c) ? '?' : c).ToArray())}' holds the control character "
                        + $"U+{(int)PromptText.ControlCharacter(bad)!.Value:X4}, which no prompt needs; nothing was submitted. Remove it from {wording.Prompt}.",
                        "Prompt");
                }

                return cleaned.Count > 0
                    ? cleaned
                    : throw new BananaException(
                        "NoPrompts",
                        BananaErrorKind.InvalidInput,
                        $"Every prompt given with {wording.Prompt} is empty. Describe the picture you want (for example {wording.Prompt} "
                        + $"'换一个自然休闲优雅的pose'), or leave {wording.Prompt} out to use the prompts of text/text.txt.",
                        "Prompt");
            }

            var file = Path.Combine(root, PromptFolderName, PromptFileName);
            if (!File.Exists(file))
            {
                throw new BananaException(
                    "PromptFileNotFound",
                    BananaErrorKind.NotFound,
                    $"There is no prompt file '{file}'. Write one prompt per line in it, or pass {wording.Prompt}.",
                    file);
            }

            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(file);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new BananaException("UnreadableFile", BananaErrorKind.Unreadable, $"The prompt file '{file}' cannot be read: {e.Message}", file, e);
            }

            var numbered = PromptText.ParseNumberedLines(PromptText.Decode(bytes));
            foreach (var (line, text) in numbered)
            {
                if (PromptText.ControlCharacter(text) is { } control)
                {
                    throw new BananaException(
                        "InvalidPrompt",
                        BananaErrorKind.InvalidData,
                        $"Line {line} of the prompt file '{file}' holds the control character U+{(int)control:X4}, which no prompt needs; "
                        + "nothing was submitted. The file may be binary or in an encoding Banana cannot tell: save it as UTF-8 and run again.",
                        file);
                }
            }

            var prompts = numbered.Select(p => p.Text).ToList();
            return prompts.Count > 0
                ? prompts
                : throw new BananaException(
                    "NoPrompts",
                    BananaErrorKind.InvalidData,
                    $"The prompt file '{file}' has no prompts (blank lines and lines starting with # are ignored). "
                    + $"Write one prompt per line in it, or pass {wording.Prompt}.",
                    file);
        }

        /// <summary>The usable images, and how many files were rejected (each reported to the observer).</summary>
        private static async Task<(IReadOnlyList<SourceImage> Images, int Rejected)> ReadImagesAsync(
            string folder, long maxBytes, IBatchObserver observer, CancellationToken cancellationToken)
        {
            if (!Directory.Exists(folder))
            {
                return (Array.Empty<SourceImage>(), 0);
            }

            var rejected = 0;
            var usable = new List<(string Path, long Bytes, string Sha256)>();
            foreach (var path in Directory.EnumerateFiles(folder).OrderBy(p => p, StringComparer.Ordinal))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (IsHidden(path))
                {
                    continue;
                }

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
            return (usable.Select((u, i) => new SourceImage(u.Path, stems[i], u.Sha256, u.Bytes)).ToList(), rejected);
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
