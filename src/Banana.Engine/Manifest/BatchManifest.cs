using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
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
        private readonly ManifestStorage storage;
        private readonly ManifestJournal? journal;
        private long journalEntries;

        // Recording is never the weak link (issue 11): once a row could not be written, no new submission starts
        // (ReserveAsync throws), and rows whose task id is known only in memory are kept here, written again by the next
        // write that succeeds, and named in the error so a person can recover them by hand if none ever does.
        private readonly HashSet<int> unrecorded = new HashSet<int>();
        private Exception? writeFailure;

        // A journal an earlier (killed) run left: loading folded it in, so the first full write makes it redundant;
        // kept, it would be replayed over newer manifests on every later run.
        private bool leftoverJournal;
        private readonly CancellationTokenSource stopScheduledWrites = new CancellationTokenSource();
        private long version;
        private long writtenVersion = -1;
        private bool writeScheduled;

        public BatchManifest(string? path, ManifestDocument header, IReadOnlyList<ManifestJob> jobs, ManifestStorage? storage = null)
        {
            Path = path;
            this.storage = storage ?? ManifestStorage.Disk;
            journal = path is null ? null : new ManifestJournal(ManifestFile.JournalPath(path), this.storage);
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

        /// <summary>
        /// Called before a submission: reserves the journal space that row <paramref name="index"/>'s task id will take,
        /// so recording the id (<see cref="PersistAsync"/>) never needs space the disk may no longer have. Throws
        /// <c>ManifestWriteFailed</c>, and the job must not be submitted, when that space cannot be had or any record
        /// has already failed. Pair with <see cref="Release"/> when the submission did not happen.
        /// </summary>
        public async Task ReserveAsync(int index, CancellationToken cancellationToken)
        {
            if (journal is null)
            {
                return;
            }

            // As long as the row will be once its task is recorded, with room for any task id the service may send.
            var bytes = JsonSerializer.SerializeToUtf8Bytes(
                this[index] with
                {
                    TaskId = new string('x', 256),
                    KeyNumber = int.MaxValue,
                    Status = ManifestJobStatus.Submitted,
                    Attempts = int.MaxValue,
                    ErrorId = null,
                    Error = null,
                    UpdatedAt = DateTimeOffset.MaxValue,
                },
                ManifestFile.JournalOptions).Length + 64;
            await journalLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (writeFailure is not null)
                {
                    throw WriteFailed(writeFailure);
                }

                await journal.ReserveAsync(index, bytes).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                writeFailure = e;
                throw WriteFailed(e);
            }
            finally
            {
                journalLock.Release();
            }
        }

        /// <summary>The submission reserved for did not go out: its space is not waited for.</summary>
        public void Release(int index)
        {
            if (journal is null)
            {
                return;
            }

            journalLock.Wait();
            try
            {
                journal.Release(index);
            }
            finally
            {
                journalLock.Release();
            }
        }

        /// <summary>Puts row <paramref name="index"/> as it is now on disk (in the journal) before returning.</summary>
        public async Task PersistAsync(int index, CancellationToken cancellationToken)
        {
            if (journal is null)
            {
                return;
            }

            await journalLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                // This row first: its task id has space reserved in the journal, which a row an earlier write failed to
                // record (written next, if the disk has room again) must not take from it by failing first.
                List<int> rows;
                lock (unrecorded)
                {
                    unrecorded.Add(index);
                    rows = unrecorded.OrderBy(i => i == index ? 0 : 1).ToList();
                }

                foreach (var pending in rows)
                {
                    await journal.WriteAsync(pending, JsonSerializer.SerializeToUtf8Bytes(this[pending], ManifestFile.JournalOptions)).ConfigureAwait(false);
                    lock (unrecorded)
                    {
                        unrecorded.Remove(pending);
                    }

                    Interlocked.Increment(ref journalEntries);
                }
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                writeFailure ??= e;
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
                int[] coveredUnrecorded;
                lock (gate)
                {
                    snapshotVersion = version;
                    snapshot = Snapshot();
                    lock (unrecorded)
                    {
                        coveredUnrecorded = unrecorded.ToArray();
                    }
                }

                try
                {
                    await storage.SaveAsync(snapshot, Path).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    throw WriteFailed(e);
                }

                writtenVersion = snapshotVersion;
                lock (unrecorded)
                {
                    // The whole manifest now holds these rows as they were in memory, task ids included.
                    unrecorded.ExceptWith(coveredUnrecorded);
                }

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
                // A slot still reserved belongs to a submission in flight: its row will be written into this file.
                if (journal is null || journal.Reserved > 0 || journalEntries != journalledAtSnapshot || (journalEntries == 0 && !leftoverJournal))
                {
                    return;
                }

                journal.Delete();
                journalEntries = 0;
                leftoverJournal = false;
            }
            finally
            {
                journalLock.Release();
            }
        }

        private BananaException WriteFailed(Exception e)
        {
            int[] indexes;
            lock (unrecorded)
            {
                indexes = unrecorded.ToArray();
            }

            // Read outside the set's lock: a full write takes the rows' lock first, then the set's.
            var pending = string.Join("; ", indexes.Select(i => this[i]).Where(r => r.TaskId is not null)
                .Select(r => $"job {r.Id} ({r.OutputName}) is task {r.TaskId} of key #{r.KeyNumber}"));

            return new BananaException(
                "ManifestWriteFailed",
                BananaErrorKind.Unwritable,
                $"The batch manifest '{Path}' cannot be written: {e.Message}. Nothing more is submitted until it can be: free "
                + "space on that disk (or make the folder writable), then run the same command again; it resumes and pays for "
                + "nothing twice."
                + (pending.Length == 0 ? string.Empty : $" Paid tasks not yet on disk (kept in memory while this run lasts): {pending}."),
                Path,
                e);
        }

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
