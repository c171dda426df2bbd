using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Banana.Engine.Manifest
{
    /// <summary>
    /// How changed rows reach the disk: scheduled appends to the journal, and now and then the whole manifest, after which
    /// the journal starts over. Issue 13: rewriting the whole manifest five times a second took a third of the CPU at
    /// 40,000 jobs, and the cost per job doubled from 20,000 to 40,000.
    /// </summary>
    internal sealed partial class BatchManifest
    {
        /// <summary>The smallest journal that makes a scheduled write rewrite the manifest whole (small batches rarely do).</summary>
        internal const long MinimumCompactionBytes = 1 << 20;

        // The size of the manifest as last written whole: the journal may grow as large before the next full write.
        private long manifestBytes;

        /// <summary>Rewrites the manifest whole now, unless every change made before this call is already in it.</summary>
        public async Task FlushAsync(CancellationToken cancellationToken)
        {
            if (Path is null)
            {
                return;
            }

            long wanted;
            lock (gate)
            {
                wanted = version;
            }

            await diskLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (writtenVersion < wanted)
                {
                    await RewriteAsync().ConfigureAwait(false);
                }
            }
            finally
            {
                diskLock.Release();
            }
        }

        /// <summary>
        /// The run's first write, before anything is spent; it also proves the folder writable. A resumed manifest whose
        /// header is unchanged keeps its file, and only the rows planning added or changed (every row but those still as
        /// read from <paramref name="loaded"/>, which the constructor was given as <c>earlier</c>) are appended to the
        /// journal: rewriting a 50,000-job manifest whole held up a resume's first submission by most of a second.
        /// Anything else is written whole.
        /// </summary>
        public async Task BeginAsync(ManifestDocument? loaded, CancellationToken cancellationToken)
        {
            if (loaded is null || manifestBytes == 0 || !SameHeader(loaded))
            {
                await FlushAsync(cancellationToken).ConfigureAwait(false);
                return;
            }

            lock (gate)
            {
                for (var i = 0; i < jobs.Count; i++)
                {
                    if (!jobs.IsAsRead(i))
                    {
                        // Stamped now, so that on the next load it wins over the manifest's older row.
                        jobs[i] = jobs[i] with { UpdatedAt = NextStamp() };
                        dirty.Add(i);
                    }
                }
            }

            await WriteChangesAsync(cancellationToken).ConfigureAwait(false);
        }

        private bool SameHeader(ManifestDocument loaded)
            => loaded.FormatVersion == header.FormatVersion
                && string.Equals(loaded.Generator, header.Generator, StringComparison.Ordinal)
                && loaded.CreatedAt == header.CreatedAt
                && string.Equals(loaded.InputPath, header.InputPath, StringComparison.Ordinal)
                && string.Equals(loaded.BaseUri, header.BaseUri, StringComparison.Ordinal);

        /// <summary>
        /// The final write: stops scheduled writes, rewrites the manifest whole if anything changed or a journal is left
        /// (this run's, or one a killed run left, which loading folded in), and removes the journal.
        /// </summary>
        public async Task CompleteAsync()
        {
            stopScheduledWrites.Cancel();
            if (Path is null)
            {
                return;
            }

            await diskLock.WaitAsync(CancellationToken.None).ConfigureAwait(false);
            try
            {
                long wanted;
                lock (gate)
                {
                    wanted = version;
                }

                if (writtenVersion < wanted || journal!.Exists)
                {
                    await RewriteAsync().ConfigureAwait(false);
                }
            }
            finally
            {
                diskLock.Release();
            }
        }

        /// <summary>
        /// The scheduled write: appends the rows changed since the last write to the journal in one write, or rewrites
        /// the manifest whole once the journal has grown as large as it (at least <see cref="MinimumCompactionBytes"/>).
        /// </summary>
        internal async Task WriteChangesAsync(CancellationToken cancellationToken)
        {
            if (Path is null)
            {
                return;
            }

            await diskLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (manifestBytes == 0 || journal!.Length >= Math.Max(MinimumCompactionBytes, manifestBytes))
                {
                    await RewriteAsync().ConfigureAwait(false);
                    return;
                }

                int[] indexes;
                object[] entries;
                lock (gate)
                {
                    indexes = dirty.ToArray();
                    dirty.Clear();
                    entries = indexes.Select(jobs.Entry).ToArray();
                }

                var rows = entries.Select(jobs.Decode).ToArray();

                if (rows.Length == 0)
                {
                    return;
                }

                try
                {
                    await journal.AppendAsync(JournalLines(rows), rows.Length).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    lock (gate)
                    {
                        dirty.UnionWith(indexes); // not on disk: the next write tries again
                    }

                    throw WriteFailed(e);
                }
            }
            finally
            {
                diskLock.Release();
            }
        }

        /// <summary>
        /// Writes the manifest whole, then lets the journal start over, since every row it holds is in the file now (the
        /// disk lock, held by the caller, kept it still). Space reserved for submissions in flight is kept.
        /// </summary>
        private async Task RewriteAsync()
        {
            ManifestDocument snapshot;
            long snapshotVersion;
            int[] coveredDirty;
            int[] coveredUnrecorded;
            lock (gate)
            {
                snapshotVersion = version;
                snapshot = Snapshot();
                coveredDirty = dirty.ToArray();
                dirty.Clear();
                lock (unrecorded)
                {
                    coveredUnrecorded = unrecorded.ToArray();
                }
            }

            try
            {
                await storage.SaveAsync(snapshot, Path!).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                lock (gate)
                {
                    dirty.UnionWith(coveredDirty);
                }

                throw WriteFailed(e);
            }

            writtenVersion = snapshotVersion;
            manifestBytes = Math.Max(1, SizeOf(Path!));
            lock (unrecorded)
            {
                // The whole manifest now holds these rows as they were in memory, task ids included.
                unrecorded.ExceptWith(coveredUnrecorded);
            }

            try
            {
                await journal!.StartOverAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                // The old journal stays as it was, its rows all in the manifest too: the next full write tries again.
            }
        }

        private static long SizeOf(string path)
        {
            try
            {
                return new FileInfo(path).Length;
            }
            catch (IOException)
            {
                return 0;
            }
        }

        private static byte[] JournalLines(ManifestJob[] rows)
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = ManifestFile.JournalOptions.Encoder }))
            {
                foreach (var row in rows)
                {
                    JsonSerializer.Serialize(writer, row, ManifestFile.JournalOptions);
                    writer.Flush();
                    buffer.WriteByte((byte)'\n');
                    writer.Reset();
                }
            }

            return buffer.ToArray();
        }

        private ManifestDocument Snapshot()
        {
            header.UpdatedAt = DateTimeOffset.Now;
            return new ManifestDocument
            {
                FormatVersion = header.FormatVersion,
                Generator = header.Generator,
                CreatedAt = header.CreatedAt,
                UpdatedAt = header.UpdatedAt,
                InputPath = header.InputPath,
                BaseUri = header.BaseUri,
                Jobs = jobs.Snapshot(),
            };
        }

        private async Task WriteLaterAsync()
        {
            try
            {
                await Task.Delay(CoalesceDelay, stopScheduledWrites.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            lock (gate)
            {
                writeScheduled = false;
            }

            try
            {
                await WriteChangesAsync(stopScheduledWrites.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is BananaException || e is OperationCanceledException || e is ObjectDisposedException)
            {
                // A failed background write is retried by the next one (its rows stay changed), or the final write,
                // which reports the error.
            }
        }
    }
}
