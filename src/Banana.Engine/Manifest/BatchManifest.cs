using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Banana.Engine.Manifest
{
    /// <summary>
    /// The live manifest of a running batch. Workers change rows through <see cref="Update"/>; full writes are
    /// coalesced (at most one every <see cref="CoalesceDelay"/>, so 10,000 jobs do not rewrite the file 10,000 times
    /// each). When the disk must know a row before a worker goes on (a task id before waiting for the result; output
    /// names before writing them), <see cref="PersistAsync"/> appends just that row to the journal, which the next
    /// full write folds in and removes. Without a path (<c>Invoke-BananaGenerate</c>, whose jobs arrive from the
    /// pipeline) it is the same record of rows, kept in memory only; rows may be added while the pipeline runs.
    /// </summary>
    internal sealed class BatchManifest : IDisposable
    {
        public static readonly TimeSpan CoalesceDelay = TimeSpan.FromMilliseconds(200);

        private readonly object gate = new object();
        private readonly ManifestDocument header;
        private readonly List<ManifestJob> jobs;
        private readonly SemaphoreSlim writeLock = new SemaphoreSlim(1, 1);
        private readonly SemaphoreSlim journalLock = new SemaphoreSlim(1, 1);
        private FileStream? journal;
        private long journalEntries;

        // A journal an earlier (killed) run left: loading folded it in, so the first full write makes it redundant;
        // kept, it would be replayed over newer manifests on every later run.
        private bool leftoverJournal;
        private readonly CancellationTokenSource stopScheduledWrites = new CancellationTokenSource();
        private long version;
        private long writtenVersion = -1;
        private bool writeScheduled;

        public BatchManifest(string? path, ManifestDocument header, IReadOnlyList<ManifestJob> jobs)
        {
            Path = path;
            leftoverJournal = path is not null && File.Exists(ManifestFile.JournalPath(path));
            this.header = header;
            this.jobs = new List<ManifestJob>(jobs);
        }

        /// <summary>The manifest file; null when the rows live in memory only.</summary>
        public string? Path { get; }

        public int Count
        {
            get
            {
                lock (gate)
                {
                    return jobs.Count;
                }
            }
        }

        /// <summary>Adds a row (a job that arrived while the pipeline runs); returns its index.</summary>
        public int Add(ManifestJob row)
        {
            lock (gate)
            {
                jobs.Add(row with { UpdatedAt = DateTimeOffset.Now });
                return jobs.Count - 1;
            }
        }

        public ManifestJob this[int index]
        {
            get
            {
                lock (gate)
                {
                    return jobs[index];
                }
            }
        }

        /// <summary>Replaces a row and schedules a (coalesced) write. Returns the new row.</summary>
        public ManifestJob Update(int index, Func<ManifestJob, ManifestJob> change)
        {
            ManifestJob updated;
            lock (gate)
            {
                updated = change(jobs[index]) with { UpdatedAt = DateTimeOffset.Now };
                jobs[index] = updated;
                version++;
                if (writeScheduled || Path is null)
                {
                    return updated;
                }

                writeScheduled = true;
            }

            _ = WriteLaterAsync();
            return updated;
        }

        /// <summary>Puts row <paramref name="index"/> as it is now on disk (in the journal) before returning.</summary>
        public async Task PersistAsync(int index, CancellationToken cancellationToken)
        {
            if (Path is null)
            {
                return;
            }

            var row = this[index];
            await journalLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                journal ??= new FileStream(
                    ManifestFile.JournalPath(Path), FileMode.Append, FileAccess.Write, FileShare.Read, 4096, useAsync: true);
                var json = JsonSerializer.SerializeToUtf8Bytes(row, ManifestFile.JournalOptions);
                var line = new byte[json.Length + 1];
                Buffer.BlockCopy(json, 0, line, 0, json.Length);
                line[json.Length] = (byte)'\n';
                await journal.WriteAsync(line, 0, line.Length, CancellationToken.None).ConfigureAwait(false);
                await journal.FlushAsync(CancellationToken.None).ConfigureAwait(false);
                journalEntries++;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw WriteFailed(e);
            }
            finally
            {
                journalLock.Release();
            }
        }

        /// <summary>Writes now unless every change made before this call is already on disk.</summary>
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

            await writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (writtenVersion >= wanted)
                {
                    return;
                }

                ManifestDocument snapshot;
                long snapshotVersion;
                var journalled = Interlocked.Read(ref journalEntries);
                lock (gate)
                {
                    snapshotVersion = version;
                    snapshot = Snapshot();
                }

                try
                {
                    await ManifestFile.SaveAsync(snapshot, Path).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    throw WriteFailed(e);
                }

                writtenVersion = snapshotVersion;
                await DropJournalIfFoldedInAsync(journalled).ConfigureAwait(false);
            }
            finally
            {
                writeLock.Release();
            }
        }

        /// <summary>
        /// The manifest now holds every journal row (this run's and a leftover's): the journal can go, unless rows
        /// came in meanwhile.
        /// </summary>
        private async Task DropJournalIfFoldedInAsync(long journalledAtSnapshot)
        {
            await journalLock.WaitAsync(CancellationToken.None).ConfigureAwait(false);
            try
            {
                if (journalEntries != journalledAtSnapshot || (journalEntries == 0 && !leftoverJournal))
                {
                    return;
                }

                journal?.Dispose();
                journal = null;
                journalEntries = 0;
                leftoverJournal = false;
                ManifestFile.TryDelete(ManifestFile.JournalPath(Path!));
            }
            finally
            {
                journalLock.Release();
            }
        }

        private BananaException WriteFailed(Exception e)
            => new BananaException(
                "ManifestWriteFailed",
                BananaErrorKind.Unwritable,
                $"The batch manifest '{Path}' cannot be written: {e.Message}. Check that the output folder is writable.",
                Path,
                e);

        /// <summary>The final write: stops scheduled writes and puts the current state on disk.</summary>
        public async Task CompleteAsync()
        {
            stopScheduledWrites.Cancel();
            await FlushAsync(CancellationToken.None).ConfigureAwait(false);
            await DropJournalIfFoldedInAsync(Interlocked.Read(ref journalEntries)).ConfigureAwait(false);
        }

        /// <summary>Every row as it is now, in planning order.</summary>
        public IReadOnlyList<ManifestJob> SnapshotJobs()
        {
            lock (gate)
            {
                return jobs.ToArray();
            }
        }

        public void Dispose()
        {
            stopScheduledWrites.Cancel();
            stopScheduledWrites.Dispose();
            journal?.Dispose();
            journalLock.Dispose();
            writeLock.Dispose();
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
                Jobs = jobs.ToArray(),
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
                await FlushAsync(stopScheduledWrites.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is BananaException || e is OperationCanceledException || e is ObjectDisposedException)
            {
                // A failed background write is retried by the next awaited flush, which reports the error.
            }
        }
    }
}
