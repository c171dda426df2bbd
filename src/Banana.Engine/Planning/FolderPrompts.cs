using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Banana.Engine.Planning
{
    /// <summary>
    /// The prompts of the folder layout: <c>text/text.txt</c> for every photo, except that <c>text/&lt;photo stem&gt;.txt</c>,
    /// when present, replaces it for that photo (same comment and encoding rules). Prompts given on the command line
    /// replace every file. A prompt file that matches no photo is refused: it is most likely a misspelt name, and the
    /// photo it was meant for would otherwise be paid for with the wrong prompts.
    /// </summary>
    internal sealed class FolderPrompts
    {
        private FolderPrompts(IReadOnlyList<string> shared, IReadOnlyList<IReadOnlyList<string>> perImage, IReadOnlyList<string> ownFiles)
        {
            Shared = shared;
            PerImage = perImage;
            OwnFiles = ownFiles;
        }

        /// <summary>The prompts of text.txt or the command line; empty when every photo has its own file.</summary>
        public IReadOnlyList<string> Shared { get; }

        /// <summary>Per image (same order as the images), the prompts it is generated with.</summary>
        public IReadOnlyList<IReadOnlyList<string>> PerImage { get; }

        /// <summary>The per-photo prompt files found (full paths).</summary>
        public IReadOnlyList<string> OwnFiles { get; }

        /// <param name="imageStems">The stems of every file in the image folder, usable or not (a rejected photo's prompt file is not a stray).</param>
        public static FolderPrompts Read(BatchOptions options, HostWording wording, string root, IReadOnlyList<SourceImage> images, IReadOnlyCollection<string> imageStems)
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

                if (cleaned.Count == 0)
                {
                    throw new BananaException(
                        "NoPrompts",
                        BananaErrorKind.InvalidInput,
                        $"Every prompt given with {wording.Prompt} is empty. Describe the picture you want (for example {wording.Prompt} "
                        + $"'换一个自然休闲优雅的pose'), or leave {wording.Prompt} out to use the prompts of text/text.txt.",
                        "Prompt");
                }

                return new FolderPrompts(cleaned, images.Select(_ => (IReadOnlyList<string>)cleaned).ToList(), Array.Empty<string>());
            }

            var folder = Path.Combine(root, BatchInputs.PromptFolderName);
            var ownFiles = OwnPromptFiles(folder, imageStems);
            if (ownFiles.Count > 0 && options.Pairing == BatchPairing.OneToOne)
            {
                throw new BananaException(
                    "PairingConflict",
                    BananaErrorKind.InvalidInput,
                    $"{wording.OneToOnePairing} pairs the photos with the lines of {BatchInputs.PromptFileName}, but {folder} also holds prompt files "
                    + $"of single photos ({string.Join(", ", ownFiles.Keys.Take(3).Select(s => s + ".txt"))}). Use one or the other: "
                    + $"remove those files, or leave {wording.OneToOnePairing} out to let each photo use its own file.",
                    folder);
            }

            var sharedFile = Path.Combine(folder, BatchInputs.PromptFileName);
            var needShared = images.Count == 0 || images.Any(i => !ownFiles.ContainsKey(Stem(i.FullPath)));
            var shared = needShared ? ReadFile(sharedFile, ownFiles.Count > 0, wording) : Array.Empty<string>();
            var perImage = images
                .Select(i => ownFiles.TryGetValue(Stem(i.FullPath), out var own) ? ReadFile(own, false, wording) : shared)
                .ToList();
            return new FolderPrompts(shared, perImage, ownFiles.Values.ToList());
        }

        private static string Stem(string path) => Path.GetFileNameWithoutExtension(path);

        /// <summary>The <c>&lt;stem&gt;.txt</c> files beside text.txt, by stem (ignoring case, as Windows folders do).</summary>
        private static Dictionary<string, string> OwnPromptFiles(string folder, IReadOnlyCollection<string> imageStems)
        {
            var files = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (!Directory.Exists(folder))
            {
                return files;
            }

            var stems = new HashSet<string>(imageStems, StringComparer.OrdinalIgnoreCase);
            var strays = new List<string>();
            foreach (var path in Directory.EnumerateFiles(folder, "*.txt").OrderBy(p => p, StringComparer.Ordinal))
            {
                var name = Path.GetFileName(path);
                if (name.StartsWith(".", StringComparison.Ordinal)
                    || string.Equals(name, BatchInputs.PromptFileName, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                if (stems.Contains(Stem(path)))
                {
                    files[Stem(path)] = path;
                }
                else
                {
                    strays.Add(name);
                }
            }

            if (strays.Count > 0)
            {
                throw new BananaException(
                    "PromptFileWithoutPhoto",
                    BananaErrorKind.InvalidData,
                    $"{string.Join(", ", strays.Select(s => $"'{Path.Combine(folder, s)}'"))} match(es) no photo in the image folder. A file "
                    + $"text/<photo name>.txt gives that photo its own prompts (photo.jpg -> text/photo.txt). Rename it to match a photo, or "
                    + $"remove it; nothing was submitted.",
                    Path.Combine(folder, strays[0]));
            }

            return files;
        }

        private static IReadOnlyList<string> ReadFile(string file, bool someHaveTheirOwn, HostWording wording)
        {
            if (!File.Exists(file))
            {
                throw new BananaException(
                    "PromptFileNotFound",
                    BananaErrorKind.NotFound,
                    someHaveTheirOwn
                        ? $"There is no prompt file '{file}', and some photos have no prompt file of their own (text/<photo name>.txt). "
                            + $"Write the prompts for the others in it, one per line, or pass {wording.Prompt}."
                        : $"There is no prompt file '{file}'. Write one prompt per line in it, or pass {wording.Prompt}.",
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
    }
}
