using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;
using Banana.Client;

namespace Banana.Engine.Manifest
{
    /// <summary>
    /// Reads a manifest row by hand (writing stays with the compile-time serializer code). A resumed 50,000-job batch
    /// spent most of its first second in the general-purpose reader: its code for these types is compiled when a
    /// process first runs it, and every row's photo path, hash, upload URL, prompt and model came back as new strings.
    /// This reader is compiled ahead with the module and reads a value the rows repeat as one shared string
    /// (<see cref="SharedStrings"/>). Field names match in any case and unknown fields are skipped, as before; a value of
    /// the wrong kind is a <see cref="JsonException"/>, which the serializer gives the place it was found. Missing fields
    /// keep the row's defaults and nulls stay null, for <see cref="ManifestRows"/> to judge.
    /// </summary>
    internal sealed class ManifestJobReader : JsonConverter<ManifestJob>
    {
        // The names as written. Another spelling (a hand edit, "Prompt") is matched to one of these, ignoring case.
        private static readonly FieldNames RowNames = new FieldNames(
            "id", "sourcePath", "sourceSha256", "references", "row", "prompt",
            "promptNumber", "model", "aspectRatio", "imageSize", "n", "outputName",
            "status", "uploadUrl", "upload", "keyNumber", "taskId", "api",
            "attempts", "errorId", "error", "outputs", "resultUrls", "content",
            "expiredResubmissions", "mayHaveBeenCharged", "updatedAt");

        private static readonly FieldNames ReferenceNames = new FieldNames("path", "sha256", "uploadUrl", "upload");
        private static readonly FieldNames UploadNames = new FieldNames("width", "height", "bytes", "format", "prepared");

        public override ManifestJob? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return null;
            }

            ExpectStart(ref reader, JsonTokenType.StartObject, "a job row");
            var row = new Fields();
            while (RowNames.TryNext(ref reader, out var field))
            {
                row.Read(field, ref reader, options);
            }

            return row.ToJob();
        }

        public override void Write(Utf8JsonWriter writer, ManifestJob value, JsonSerializerOptions options)
            => throw new NotSupportedException("Manifest rows are written by the compile-time serializer code.");

        private static void ExpectStart(ref Utf8JsonReader reader, JsonTokenType start, string what)
        {
            if (reader.TokenType != start)
            {
                throw new JsonException($"Expected {what}.");
            }
        }

        private static string? String(ref Utf8JsonReader reader)
            => reader.TokenType switch
            {
                JsonTokenType.Null => null,
                JsonTokenType.String => reader.GetString(),
                _ => throw new JsonException("Expected a string."),
            };

        private static string? Shared(ref Utf8JsonReader reader) => SharedStrings.Share(String(ref reader));

        private static int Int(ref Utf8JsonReader reader)
            => reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value) ? value : throw new JsonException("Expected a whole number.");

        private static int? NullableInt(ref Utf8JsonReader reader) => reader.TokenType == JsonTokenType.Null ? null : Int(ref reader);

        private static long Long(ref Utf8JsonReader reader)
            => reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value) ? value : throw new JsonException("Expected a whole number.");

        private static bool Bool(ref Utf8JsonReader reader)
            => reader.TokenType switch
            {
                JsonTokenType.True => true,
                JsonTokenType.False => false,
                _ => throw new JsonException("Expected true or false."),
            };

        // Enums as the options spell them (camel-case names, or numbers), through the serializer's own converter.
        private static T Enum<T>(ref Utf8JsonReader reader, JsonSerializerOptions options)
            => ((JsonConverter<T>)options.GetConverter(typeof(T))).Read(ref reader, typeof(T), options)!;

        private delegate T ItemReader<T>(ref Utf8JsonReader reader);

        private static List<string>? Strings(ref Utf8JsonReader reader) => ListOf(ref reader, "a list of strings", String);

        private static List<ManifestReference>? References(ref Utf8JsonReader reader) => ListOf(ref reader, "a list of references", Reference);

        /// <summary>A JSON list (or null), each item read by <paramref name="item"/>; a null item stays null.</summary>
        private static List<T>? ListOf<T>(ref Utf8JsonReader reader, string what, ItemReader<T?> item)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return null;
            }

            ExpectStart(ref reader, JsonTokenType.StartArray, what);
            var list = new List<T>(1);
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                list.Add(item(ref reader)!);
            }

            return list;
        }

        private static ManifestReference? Reference(ref Utf8JsonReader reader)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return null;
            }

            ExpectStart(ref reader, JsonTokenType.StartObject, "a reference");
            string? path = null, sha256 = null, uploadUrl = null;
            ManifestUpload? upload = null;
            while (ReferenceNames.TryNext(ref reader, out var field))
            {
                switch (field)
                {
                    case "path": path = Shared(ref reader); break;
                    case "sha256": sha256 = Shared(ref reader); break;
                    case "uploadUrl": uploadUrl = Shared(ref reader); break;
                    case "upload": upload = Upload(ref reader); break;
                    default: reader.Skip(); break;
                }
            }

            return new ManifestReference(path!, sha256!, uploadUrl, upload);
        }

        private static ManifestUpload? Upload(ref Utf8JsonReader reader)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return null;
            }

            ExpectStart(ref reader, JsonTokenType.StartObject, "an upload record");
            int width = 0, height = 0;
            long bytes = 0;
            string? format = null;
            var prepared = false;
            while (UploadNames.TryNext(ref reader, out var field))
            {
                switch (field)
                {
                    case "width": width = Int(ref reader); break;
                    case "height": height = Int(ref reader); break;
                    case "bytes": bytes = Long(ref reader); break;
                    case "format": format = Shared(ref reader); break;
                    case "prepared": prepared = Bool(ref reader); break;
                    default: reader.Skip(); break;
                }
            }

            return new ManifestUpload(width, height, bytes, format!, prepared);
        }

        /// <summary>
        /// The field names of one kind of object. A name is matched on its UTF-8 bytes first (rows Banana wrote), then
        /// ignoring case (a hand edit such as "Prompt"); an unknown name comes back as it is, to be skipped.
        /// </summary>
        private sealed class FieldNames
        {
            private readonly string[] names;
            private readonly byte[][] utf8;

            public FieldNames(params string[] names)
            {
                this.names = names;
                utf8 = Array.ConvertAll(names, name => System.Text.Encoding.UTF8.GetBytes(name));
            }

            /// <summary>
            /// Moves to the object's next field: false at its end; otherwise its name (<see cref="Of"/>), with the
            /// reader on its value.
            /// </summary>
            public bool TryNext(ref Utf8JsonReader reader, out string field)
            {
                if (!reader.Read() || reader.TokenType != JsonTokenType.PropertyName)
                {
                    field = string.Empty;
                    return false;
                }

                field = Of(ref reader);
                reader.Read();
                return true;
            }

            private string Of(ref Utf8JsonReader reader)
            {
                if (!reader.ValueIsEscaped && !reader.HasValueSequence)
                {
                    var written = reader.ValueSpan;
                    for (var i = 0; i < utf8.Length; i++)
                    {
                        if (written.SequenceEqual(utf8[i]))
                        {
                            return names[i];
                        }
                    }
                }

                var name = reader.GetString()!;
                foreach (var known in names)
                {
                    if (string.Equals(known, name, StringComparison.OrdinalIgnoreCase))
                    {
                        return known;
                    }
                }

                return name;
            }
        }

        /// <summary>
        /// A field of the wrong kind. The serializer adds where the row is (<c>$.jobs[1]</c>); this names the field in
        /// it, which the general-purpose reader used to add.
        /// </summary>
        internal sealed class FieldException : JsonException
        {
            public FieldException(string field, JsonException inner)
                : base(inner.Message, inner) => Field = field;

            public string Field { get; }
        }

        /// <summary>One row's fields as read, with the defaults a row has when a field is missing.</summary>
        private sealed class Fields
        {
            private readonly ManifestJob job = new ManifestJob();
            private string? sourcePath, sourceSha256, imageSize, uploadUrl, taskId, errorId, error, content;
            private int? row, keyNumber;
            private int promptNumber, attempts, expiredResubmissions;
            private ManifestJobStatus status;
            private ManifestUpload? upload;
            private GrsaiApi? api;
            private bool mayHaveBeenCharged;
            private DateTimeOffset updatedAt;

            public void Read(string field, ref Utf8JsonReader reader, JsonSerializerOptions options)
            {
                try
                {
                    ReadField(field, ref reader, options);
                }
                catch (JsonException e) when (e is not FieldException)
                {
                    throw new FieldException(field, e);
                }
            }

            private void ReadField(string field, ref Utf8JsonReader reader, JsonSerializerOptions options)
            {
                switch (field)
                {
                    case "id": job.Id = String(ref reader)!; break;
                    case "sourcePath": sourcePath = Shared(ref reader); break;
                    case "sourceSha256": sourceSha256 = Shared(ref reader); break;
                    case "references": job.References = References(ref reader)!; break;
                    case "row": row = NullableInt(ref reader); break;
                    case "prompt": job.Prompt = Shared(ref reader)!; break;
                    case "promptNumber": promptNumber = Int(ref reader); break;
                    case "model": job.Model = Shared(ref reader)!; break;
                    case "aspectRatio": job.AspectRatio = Shared(ref reader)!; break;
                    case "imageSize": imageSize = Shared(ref reader); break;
                    case "n": job.N = Int(ref reader); break;
                    case "outputName": job.OutputName = String(ref reader)!; break;
                    case "status": status = Enum<ManifestJobStatus>(ref reader, options); break;
                    case "uploadUrl": uploadUrl = Shared(ref reader); break;
                    case "upload": upload = Upload(ref reader); break;
                    case "keyNumber": keyNumber = NullableInt(ref reader); break;
                    case "taskId": taskId = String(ref reader); break;
                    case "api": api = reader.TokenType == JsonTokenType.Null ? null : Enum<GrsaiApi>(ref reader, options); break;
                    case "attempts": attempts = Int(ref reader); break;
                    case "errorId": errorId = String(ref reader); break;
                    case "error": error = String(ref reader); break;
                    case "outputs": job.Outputs = Strings(ref reader)!; break;
                    case "resultUrls": job.ResultUrls = Strings(ref reader)!; break;
                    case "content": content = String(ref reader); break;
                    case "expiredResubmissions": expiredResubmissions = Int(ref reader); break;
                    case "mayHaveBeenCharged": mayHaveBeenCharged = Bool(ref reader); break;
                    case "updatedAt":
                        updatedAt = reader.TokenType == JsonTokenType.String && reader.TryGetDateTimeOffset(out var at) ? at : throw new JsonException("Expected a date and time.");
                        break;
                    default: reader.Skip(); break;
                }
            }

            public ManifestJob ToJob() => job with
            {
                SourcePath = sourcePath,
                SourceSha256 = sourceSha256,
                Row = row,
                PromptNumber = promptNumber,
                ImageSize = imageSize,
                Status = status,
                UploadUrl = uploadUrl,
                Upload = upload,
                KeyNumber = keyNumber,
                TaskId = taskId,
                Api = api,
                Attempts = attempts,
                ErrorId = errorId,
                Error = error,
                Content = content,
                ExpiredResubmissions = expiredResubmissions,
                MayHaveBeenCharged = mayHaveBeenCharged,
                UpdatedAt = updatedAt,
            };
        }
    }
}
