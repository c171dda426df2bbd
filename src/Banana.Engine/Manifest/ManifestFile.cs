using System;
using System.Collections.Generic;
using System.Linq;
using System.IO;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using Banana.Shared;

namespace Banana.Engine.Manifest
{
    /// <summary>
    /// Reads and writes <c>banana-manifest.json</c>: UTF-8, one job a line, Chinese prompts left readable, replaced
    /// atomically (temporary file in the same folder, then a rename) so a crash leaves the old or the new one whole.
    /// </summary>
    internal static class ManifestFile
    {
        public const string FileName = "banana-manifest.json";

        /// <summary>Single-line rows, for the manifest and its journal.</summary>
        internal static readonly JsonSerializerOptions JournalOptions = CreateOptions();

        /// <summary>For reading the manifest and its journal: rows by hand (<see cref="ManifestJobReader"/>).</summary>
        private static readonly JsonSerializerOptions ReadOptions = CreateReadOptions();

        /// <summary>
        /// Rows that had to be on disk at once (a task id before waiting, output names before writing) are appended
        /// here, next to the manifest, and folded into it by the next full write: rewriting a 10,000-job manifest for
        /// every such row would make a batch quadratic.
        /// </summary>
        public static string JournalPath(string manifestPath) => manifestPath + ".journal";

        public static ManifestDocument? Load(string path, CancellationToken cancellationToken)
            => Load(path, HostWording.Neutral, cancellationToken);

        /// <summary>
        /// The manifest with its journal folded in, or null when there is none. Synchronous: the engine calls it on a
        /// pool thread before anything else can start, and reading a 50,000-job manifest (~80 MB) through the
        /// asynchronous reader's per-buffer hand-offs was slower.
        /// </summary>
        public static ManifestDocument? Load(string path, HostWording wording, CancellationToken cancellationToken)
        {
            if (!File.Exists(path))
            {
                return null;
            }

            try
            {
                using var sharing = SharedStrings.Sharing();
                ManifestDocument document;
                using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, useAsync: false))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    document = JsonSerializer.Deserialize<ManifestDocument>(stream, ReadOptions)
                        ?? throw new JsonException("The file holds no manifest.");
                }

                // Rows are checked before the journal is folded in (which indexes them by id) and again after (journal
                // rows replace them): either may have been edited by hand.
                ThrowIfDamaged(document, path, wording);
                if (ApplyJournal(document, JournalPath(path)))
                {
                    ThrowIfDamaged(document, path, wording);
                }

                return document;
            }
            catch (JsonException e)
            {
                // The serializer's own text names .NET types; the person needs where the file is broken.
                var where = e.LineNumber is { } line ? $" near line {line + 1}" : string.Empty;
                var at = e is ManifestJobReader.FieldException wrongField ? $"{e.Path}.{wrongField.Field}" : e.Path;
                var field = string.IsNullOrEmpty(at) ? string.Empty : $" (at {at})";
                throw Unreadable(path, $"it is not a manifest Banana can read: the JSON is malformed or holds a value of the wrong kind{where}{field}", wording, e);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is NotSupportedException)
            {
                throw Unreadable(path, e.Message, wording, e);
            }
        }

        private static void ThrowIfDamaged(ManifestDocument document, string path, HostWording wording)
        {
            if (ManifestRows.FindProblem(document) is { } problem)
            {
                throw Unreadable(path, problem + ". Fix or remove that row", wording, null);
            }
        }

        private static BananaException Unreadable(string path, string reason, HostWording wording, Exception? inner)
            => new BananaException(
                "ManifestUnreadable",
                BananaErrorKind.InvalidData,
                $"The batch manifest '{path}' cannot be used: {reason}. Or move the manifest away to start the batch afresh "
                + $"(finished results stay), or choose another {wording.OutputFolder}.",
                path,
                inner);

        /// <summary>
        /// Not cancellable: a manifest write is short and must finish, or the file would not be replaced. The header is
        /// indented for people; each job is one line, every field named (scripts read them): a 50,000-job manifest
        /// written fully indented was half again the size, and reading it back was most of the time a resume took to start.
        /// </summary>
        public static Task SaveAsync(ManifestDocument document, string path)
            => AtomicFile.WriteAsync(path, "tmp", stream => WriteAsync(document, stream), CancellationToken.None);

        private static async Task WriteAsync(ManifestDocument document, Stream stream)
        {
            const int flushAtBytes = 1 << 16;

            // The indented writer lays out a raw value as it is: the row brings its own line break (the one the writer
            // uses for the header, the system's) and indentation.
            var rowIndent = System.Text.Encoding.ASCII.GetBytes(Environment.NewLine + "    ");
            using var row = new MemoryStream();
            using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JournalOptions.Encoder });
            using var rowWriter = new Utf8JsonWriter(row, new JsonWriterOptions { Encoder = JournalOptions.Encoder });
            writer.WriteStartObject();
            writer.WriteNumber("formatVersion", document.FormatVersion);
            writer.WriteString("generator", document.Generator);
            writer.WriteString("createdAt", document.CreatedAt);
            writer.WriteString("updatedAt", document.UpdatedAt);
            writer.WriteString("inputPath", document.InputPath);
            writer.WriteString("baseUri", document.BaseUri);
            writer.WriteStartArray("jobs");
            foreach (var job in document.Jobs)
            {
                row.SetLength(0);
                row.Write(rowIndent, 0, rowIndent.Length);
                rowWriter.Reset(row);
                JsonSerializer.Serialize(rowWriter, job, JournalOptions);
                rowWriter.Flush();
                writer.WriteRawValue(new ReadOnlySpan<byte>(row.GetBuffer(), 0, (int)row.Length), skipInputValidation: true);
                if (writer.BytesPending >= flushAtBytes)
                {
                    await writer.FlushAsync().ConfigureAwait(false);
                }
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            await writer.FlushAsync().ConfigureAwait(false);
        }

        /// <summary>
        /// Replays journal rows newer than the manifest's; a torn last line (a killed process) is ignored. False when
        /// there was no journal, so the rows are as checked.
        /// </summary>
        private static bool ApplyJournal(ManifestDocument document, string journalPath)
        {
            if (!File.Exists(journalPath))
            {
                return false;
            }

            var rows = document.Jobs.ToList();
            var indexById = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < rows.Count; i++)
            {
                indexById[rows[i].Id] = i;
            }

            foreach (var line in File.ReadLines(journalPath))
            {
                ManifestJob? row;
                try
                {
                    row = JsonSerializer.Deserialize<ManifestJob>(line, ReadOptions);
                }
                catch (JsonException)
                {
                    continue;
                }

                if (row is null || string.IsNullOrEmpty(row.Id))
                {
                    continue;
                }

                if (!indexById.TryGetValue(row.Id, out var index))
                {
                    indexById[row.Id] = rows.Count;
                    rows.Add(row);
                }
                else if (row.UpdatedAt >= rows[index].UpdatedAt)
                {
                    rows[index] = row;
                }
            }

            document.Jobs = rows;
            return true;
        }

        internal static void TryDelete(string path)
        {
            try
            {
                File.Delete(path);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        private static JsonSerializerOptions CreateReadOptions()
        {
            var options = CreateOptions();
            options.Converters.Add(new ManifestJobReader());
            return options;
        }

        private static JsonSerializerOptions CreateOptions()
        {
            var options = new JsonSerializerOptions
            {
                PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
                // Prompts are often Chinese: keep them readable instead of \uXXXX escapes. The file is never HTML.
                Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
                PropertyNameCaseInsensitive = true,
                TypeInfoResolver = ManifestJsonContext.Default,
            };
            options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
            return options;
        }
    }
}
