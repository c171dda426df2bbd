using System;
using System.Collections.Generic;
using System.Text;

namespace Banana.Engine.Manifest
{
    /// <summary>
    /// A row of the live manifest as a few hundred bytes, and back. Issue 13: a 50,000-job batch kept its rows as objects,
    /// about 1.2 KB each once done (the row, its lists, its references and upload, every string on its own), and each of a
    /// job's four updates left the old objects behind as gaps in the collector's oldest generation. Encoded, a row keeps
    /// only what is its own (id, output name, task id, result URLs, the model's reply) as UTF-8, and names every value the
    /// rows repeat by its number in <see cref="ManifestRowValues"/>. This format lives in memory only, for one run: the
    /// manifest on disk stays JSON.
    /// </summary>
    internal static class ManifestRowCodec
    {
        private static readonly UTF8Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

        // A text's header: 0 is null, 1 repeats the row's output name (an output list names it again), and from 2 on the
        // length in bytes and how they are kept (UTF-8, or UTF-16 for a string UTF-8 cannot hold, such as a lone
        // surrogate a service's JSON escaped), so every string comes back exactly as it was.
        private const uint NullText = 0;
        private const uint SameAsOutputName = 1;
        private const uint FirstLength = 2;

        /// <summary>Encodes <paramref name="row"/>, adding the values it repeats to <paramref name="values"/>.</summary>
        public static byte[] Encode(ManifestJob row, ManifestRowValues values, RowWriter writer)
        {
            writer.Clear();
            writer.Text(row.Id);
            writer.Number(values.Strings.NumberOf(row.SourcePath));
            writer.Number(values.Strings.NumberOf(row.SourceSha256));
            writer.Count(row.References);
            foreach (var reference in row.References ?? Array.Empty<ManifestReference>())
            {
                writer.Number(values.References.NumberOf(reference));
            }

            writer.OptionalInteger(row.Row);
            writer.Number(values.Strings.NumberOf(row.Prompt));
            writer.Integer(row.PromptNumber);
            writer.Number(values.Strings.NumberOf(row.Model));
            writer.Number(values.Strings.NumberOf(row.AspectRatio));
            writer.Number(values.Strings.NumberOf(row.ImageSize));
            writer.Integer(row.N);
            writer.Text(row.OutputName);
            writer.Integer((int)row.Status);
            writer.Number(values.Strings.NumberOf(row.UploadUrl));
            writer.Number(values.Uploads.NumberOf(row.Upload));
            writer.OptionalInteger(row.KeyNumber);
            writer.Text(row.TaskId);
            writer.OptionalInteger((int?)row.Api);
            writer.Integer(row.Attempts);
            writer.Number(values.Strings.NumberOf(row.ErrorId));
            writer.Text(row.Error);
            writer.Count(row.Outputs);
            foreach (var output in row.Outputs ?? Array.Empty<string>())
            {
                writer.Text(output, row.OutputName);
            }

            writer.Count(row.ResultUrls);
            foreach (var url in row.ResultUrls ?? Array.Empty<string>())
            {
                writer.Text(url);
            }

            writer.Text(row.Content);
            writer.Integer(row.ExpiredResubmissions);
            writer.Number(row.MayHaveBeenCharged ? 1 : 0);
            writer.Long(row.UpdatedAt.Ticks);
            writer.Integer((int)(row.UpdatedAt.Offset.Ticks / TimeSpan.TicksPerMinute));
            return writer.ToArray();
        }

        /// <summary>The row <see cref="Encode"/> was given, with new lists and the shared values' own objects.</summary>
        public static ManifestJob Decode(byte[] bytes, ManifestRowValues values)
        {
            // Read in the order Encode wrote: an object initializer's assignments run in the order they are written.
            var reader = new RowReader(bytes);
            string outputName;
            return new ManifestJob
            {
                Id = reader.Text()!,
                SourcePath = values.Strings.ValueOf(reader.Number()),
                SourceSha256 = values.Strings.ValueOf(reader.Number()),
                References = ReadList(reader, values, static (r, v) => v.References.ValueOf(r.Number())!)!,
                Row = reader.OptionalInteger(),
                Prompt = values.Strings.ValueOf(reader.Number())!,
                PromptNumber = reader.Integer(),
                Model = values.Strings.ValueOf(reader.Number())!,
                AspectRatio = values.Strings.ValueOf(reader.Number())!,
                ImageSize = values.Strings.ValueOf(reader.Number()),
                N = reader.Integer(),
                OutputName = outputName = reader.Text()!,
                Status = (ManifestJobStatus)reader.Integer(),
                UploadUrl = values.Strings.ValueOf(reader.Number()),
                Upload = values.Uploads.ValueOf(reader.Number()),
                KeyNumber = reader.OptionalInteger(),
                TaskId = reader.Text(),
                Api = (Banana.Client.GrsaiApi?)reader.OptionalInteger(),
                Attempts = reader.Integer(),
                ErrorId = values.Strings.ValueOf(reader.Number()),
                Error = reader.Text(),
                Outputs = ReadList(reader, outputName, static (r, name) => r.Text(name)!)!,
                ResultUrls = ReadList<string, string?>(reader, null, static (r, _) => r.Text()!)!,
                Content = reader.Text(),
                ExpiredResubmissions = reader.Integer(),
                MayHaveBeenCharged = reader.Number() == 1,
                UpdatedAt = new DateTimeOffset(reader.Long(), TimeSpan.FromMinutes(reader.Integer())),
            };
        }

        /// <summary>A list <see cref="RowWriter.Count"/> began; null for a null list. The item reader is static: no allocation per row.</summary>
        private static T[]? ReadList<T, TState>(RowReader reader, TState state, Func<RowReader, TState, T> item)
        {
            if (reader.Count() is not { } count)
            {
                return null;
            }

            if (count == 0)
            {
                return Array.Empty<T>();
            }

            var list = new T[count];
            for (var i = 0; i < count; i++)
            {
                list[i] = item(reader, state);
            }

            return list;
        }

        /// <summary>Builds one encoded row at a time in a buffer it keeps (the caller's lock makes it one at a time).</summary>
        internal sealed class RowWriter
        {
            private byte[] buffer = new byte[512];
            private int length;

            // A row is a few hundred bytes; one with a long reply grows the buffer, which is not kept that large.
            private const int KeptBufferBytes = 64 * 1024;

            public void Clear()
            {
                length = 0;
                if (buffer.Length > KeptBufferBytes)
                {
                    buffer = new byte[512];
                }
            }

            public byte[] ToArray()
            {
                var row = new byte[length];
                Buffer.BlockCopy(buffer, 0, row, 0, length);
                return row;
            }

            /// <summary>A number from 0 up, seven bits a byte.</summary>
            public void Number(ulong value)
            {
                Reserve(10);
                while (value >= 0x80)
                {
                    buffer[length++] = (byte)(value | 0x80);
                    value >>= 7;
                }

                buffer[length++] = (byte)value;
            }

            public void Number(int value) => Number((ulong)(uint)value);

            /// <summary>Any int, small ones (of either sign) in one byte.</summary>
            public void Integer(int value) => Number((ulong)(uint)((value << 1) ^ (value >> 31)));

            public void Long(long value) => Number((ulong)((value << 1) ^ (value >> 63)));

            public void OptionalInteger(int? value)
            {
                Number(value is null ? 0 : 1);
                if (value is { } present)
                {
                    Integer(present);
                }
            }

            public void Count<T>(IReadOnlyList<T>? list) => Number(list is null ? 0 : (ulong)list.Count + 1);

            public void Text(string? text, string? outputName = null)
            {
                if (text is null)
                {
                    Number(NullText);
                    return;
                }

                if (outputName is not null && string.Equals(text, outputName, StringComparison.Ordinal))
                {
                    Number(SameAsOutputName);
                    return;
                }

                // Strict UTF-8 throws on the rare string it cannot hold (a lone surrogate); that string is kept as
                // UTF-16 instead. An exception, not a scan of every string, because it almost never happens.
                int byteCount;
                try
                {
                    byteCount = StrictUtf8.GetByteCount(text);
                }
                catch (EncoderFallbackException)
                {
                    byteCount = -1;
                }

                if (byteCount >= 0)
                {
                    Number(((ulong)byteCount << 1) + FirstLength);
                    Reserve(byteCount);
                    length += StrictUtf8.GetBytes(text, 0, text.Length, buffer, length);
                    return;
                }

                var bytes = text.Length * sizeof(char);
                Number((((ulong)bytes << 1) | 1) + FirstLength);
                Reserve(bytes);
                Buffer.BlockCopy(text.ToCharArray(), 0, buffer, length, bytes);
                length += bytes;
            }

            private void Reserve(int bytes)
            {
                if (length + bytes > buffer.Length)
                {
                    Array.Resize(ref buffer, Math.Max(buffer.Length * 2, length + bytes));
                }
            }
        }

        private sealed class RowReader
        {
            private readonly byte[] bytes;
            private int position;

            public RowReader(byte[] bytes) => this.bytes = bytes;

            public ulong Unsigned()
            {
                ulong value = 0;
                for (var shift = 0; ; shift += 7)
                {
                    var b = bytes[position++];
                    value |= (ulong)(b & 0x7F) << shift;
                    if (b < 0x80)
                    {
                        return value;
                    }
                }
            }

            public int Number() => (int)Unsigned();

            public int Integer()
            {
                var value = (uint)Unsigned();
                return (int)(value >> 1) ^ -(int)(value & 1);
            }

            public long Long()
            {
                var value = Unsigned();
                return (long)(value >> 1) ^ -(long)(value & 1);
            }

            public int? OptionalInteger() => Number() == 0 ? null : Integer();

            /// <summary>A list's length; null for a null list.</summary>
            public int? Count()
            {
                var header = Number();
                return header == 0 ? null : header - 1;
            }

            public string? Text(string? outputName = null)
            {
                var header = Unsigned();
                if (header == NullText)
                {
                    return null;
                }

                if (header == SameAsOutputName)
                {
                    return outputName;
                }

                var utf16 = ((header - FirstLength) & 1) == 1;
                var count = (int)((header - FirstLength) >> 1);
                string text;
                if (!utf16)
                {
                    text = StrictUtf8.GetString(bytes, position, count);
                }
                else
                {
                    var chars = new char[count / sizeof(char)];
                    Buffer.BlockCopy(bytes, position, chars, 0, count);
                    text = new string(chars);
                }

                position += count;
                return text;
            }
        }
    }
}
