using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Banana.Engine.Manifest
{
    /// <summary>
    /// The journal file of <see cref="BatchManifest"/>: one JSON row per line, appended, or written into a slot reserved
    /// earlier. A slot is a line of spaces appended before a submission goes out, as long as the row it will hold: when
    /// the task id arrives, recording it overwrites space the file already owns, so a disk that filled up meanwhile
    /// cannot lose a task that was paid for. Blank lines and torn rows are skipped on load. A write that fails is cut
    /// back off the file, so the next line never starts in the middle of a broken one. Not thread-safe: the manifest
    /// calls it under its journal lock.
    /// </summary>
    internal sealed class ManifestJournal : IDisposable
    {
        private readonly string path;
        private readonly ManifestStorage storage;
        private readonly Dictionary<int, Slot> slots = new Dictionary<int, Slot>();
        private Stream? stream;
        private long length;
        private bool tornTail;

        public ManifestJournal(string path, ManifestStorage storage)
        {
            this.path = path;
            this.storage = storage;
        }

        /// <summary>Rows written since the journal was last removed.</summary>
        public long Entries { get; private set; }

        /// <summary>Slots reserved and not yet filled or released: while there are any, the file must stay.</summary>
        public int Reserved => slots.Count;

        /// <summary>Appends a blank line of <paramref name="bytes"/> bytes that only row <paramref name="index"/> will fill.</summary>
        public async Task ReserveAsync(int index, int bytes)
        {
            var blank = new byte[bytes];
            for (var i = 0; i < blank.Length - 1; i++)
            {
                blank[i] = (byte)' ';
            }

            blank[blank.Length - 1] = (byte)'\n';
            var offset = await AppendAsync(blank).ConfigureAwait(false);
            slots[index] = new Slot(offset, bytes);
        }

        /// <summary>The submission the slot was for did not happen: its blank line stays, unused.</summary>
        public void Release(int index) => slots.Remove(index);

        /// <summary>Writes a row: into its slot when it has one the row fits, else at the end.</summary>
        public async Task WriteAsync(int index, byte[] json)
        {
            if (slots.TryGetValue(index, out var slot) && json.Length < slot.Bytes)
            {
                var line = new byte[slot.Bytes];
                Buffer.BlockCopy(json, 0, line, 0, json.Length);
                for (var i = json.Length; i < line.Length - 1; i++)
                {
                    line[i] = (byte)' ';
                }

                line[line.Length - 1] = (byte)'\n';
                await WriteAtAsync(slot.Offset, line).ConfigureAwait(false);
                slots.Remove(index);
            }
            else
            {
                var line = new byte[json.Length + 1];
                Buffer.BlockCopy(json, 0, line, 0, json.Length);
                line[json.Length] = (byte)'\n';
                await AppendAsync(line).ConfigureAwait(false);
                slots.Remove(index);
            }

            Entries++;
        }

        /// <summary>Closes and deletes the file (its rows are in the manifest now).</summary>
        public void Delete()
        {
            Close();
            slots.Clear();
            Entries = 0;
            ManifestFile.TryDelete(path);
        }

        public void Dispose() => Close();

        private void Close()
        {
            stream?.Dispose();
            stream = null;
        }

        private Stream Open()
        {
            if (stream is null)
            {
                stream = storage.OpenJournal(path);
                length = stream.Length;
                if (length > 0)
                {
                    // Left by an earlier run, which may have died mid-line: start on a line of our own.
                    stream.Position = length;
                    stream.WriteByte((byte)'\n');
                    stream.Flush();
                    length++;
                }
            }

            return stream;
        }

        private async Task<long> AppendAsync(byte[] line)
        {
            var file = Open();
            if (tornTail)
            {
                // An earlier failed line could not be cut off: end it before this one starts.
                var ended = new byte[line.Length + 1];
                ended[0] = (byte)'\n';
                Buffer.BlockCopy(line, 0, ended, 1, line.Length);
                var start = length;
                await WriteAtAsync(start, ended).ConfigureAwait(false);
                tornTail = false;
                return start + 1;
            }

            var offset = length;
            try
            {
                await WriteAtAsync(offset, line).ConfigureAwait(false);
                return offset;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                // Whatever part of the line reached the disk goes again: a torn row must not swallow the next one.
                try
                {
                    file.SetLength(offset);
                    length = offset;
                }
                catch (Exception cut) when (cut is IOException || cut is UnauthorizedAccessException)
                {
                    // The torn part stays; the next line starts on a line of its own (torn lines are skipped on load).
                    length = LengthOf(file, offset + line.Length);
                    tornTail = true;
                }

                throw;
            }
        }

        private static long LengthOf(Stream file, long guess)
        {
            try
            {
                return file.Length;
            }
            catch (IOException)
            {
                return guess;
            }
        }

        private async Task WriteAtAsync(long offset, byte[] bytes)
        {
            var file = Open();
            file.Position = offset;
            await file.WriteAsync(bytes, 0, bytes.Length, CancellationToken.None).ConfigureAwait(false);
            await file.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            length = Math.Max(length, offset + bytes.Length);
        }

        private readonly struct Slot
        {
            public Slot(long offset, int bytes)
            {
                Offset = offset;
                Bytes = bytes;
            }

            public long Offset { get; }
            public int Bytes { get; }
        }
    }
}
