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
    /// The live manifest of a running batch. Workers change rows through <see cref="Update"/>; what reaches the disk
    /// follows what changed, not the size of the batch: at most every <see cref="CoalesceDelay"/> the rows changed since
    /// are appended to the journal, and the manifest is rewritten whole only once the journal has grown as large as the
    /// manifest (at least <see cref="MinimumCompactionBytes"/>), so each full write is paid for by as many bytes of
    /// changes and the cost per job stays flat from 1,000 to 50,000 jobs. When the disk must know a row before a worker
    /// goes on (a task id before waiting for the result; output names before writing them), <see cref="PersistAsync"/>
    /// writes just that row at once. Without a path (<c>Invoke-BananaGenerate</c>, whose jobs arrive from the pipeline)
    /// it is the same record of rows, kept in memory only; rows may be added while the pipeline runs.
    /// </summary>
    internal sealed partial class BatchManifest : IDisposable
    {
        public static readonly TimeSpan CoalesceDelay = TimeSpan.FromMilliseconds(200);

        private readonly object gate = new object();
        private readonly ManifestDocument header;
        private readonly ManifestRowStore jobs;

        // Rows changed since they last reached the disk (journal or whole file): what the next scheduled write appends.
        private readonly HashSet<int> dirty = new HashSet<int>();

        // Every write of the manifest or its journal, one at a time: a full write must see the journal stand still, so
        // that when it is done every row the journal holds is in the file.
        private readonly SemaphoreSlim diskLock = new SemaphoreSlim(1, 1);
        private readonly ManifestStorage storage;
        private readonly ManifestJournal? journal;

        // Recording is never the weak link (issue 11): once a row could not be written, no new submission starts
        // (ReserveAsync throws), and rows whose task id is known only in memory are kept here, written again by the next
        // write that succeeds, and named in the error so a person can recover them by hand if none ever does.
        private readonly HashSet<int> unrecorded = new HashSet<int>();
        private Exception? writeFailure;

        private readonly CancellationTokenSource stopScheduledWrites = new CancellationTokenSource();
        private long version;
        private long writtenVersion = -1;
        private bool writeScheduled;

        // Loading keeps, of a job's manifest and journal rows, the one stamped latest (the later line on a tie): stamps
        // only ever increase here, so a row written earlier can never win over a later one, even on a clock that ticks
        // every 15 ms.
        private DateTimeOffset lastStamp;

        /// <param name="earlier">
        /// The manifest a resume read, if any: its rows that planning kept as they were stay as read until changed (see
        /// <see cref="ManifestRowStore"/>); the rest are encoded at once.
        /// </param>
        public BatchManifest(string? path, ManifestDocument header, IReadOnlyList<ManifestJob> jobs, ManifestStorage? storage = null, ManifestDocument? earlier = null)
        {
            Path = path;
            this.storage = storage ?? ManifestStorage.Disk;
            journal = path is null ? null : new ManifestJournal(ManifestFile.JournalPath(path), this.storage);
            manifestBytes = path is not null && File.Exists(path) ? new FileInfo(path).Length : 0;
            this.header = header;
            this.jobs = new ManifestRowStore(jobs, earlier?.Jobs);
            foreach (var row in jobs)
            {
                if (row.UpdatedAt > lastStamp)
                {
                    lastStamp = row.UpdatedAt;
                }
            }
        }

        /// <summary>False: changes reach the disk only through explicit writes (tests that drive the writes themselves).</summary>
        internal bool ScheduleWrites { get; init; } = true;

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
                var index = jobs.Add(row with { UpdatedAt = NextStamp() });
                if (Path is not null)
                {
                    dirty.Add(index);
                }

                return index;
            }
        }

        public ManifestJob this[int index]
        {
            get
            {
                // Decoded outside the lock: workers read rows all the time, and an encoded row never changes.
                object row;
                lock (gate)
                {
                    row = jobs.Entry(index);
                }

                return jobs.Decode(row);
            }
        }

        /// <summary>Replaces a row and schedules a (coalesced) write. Returns the new row.</summary>
        public ManifestJob Update(int index, Func<ManifestJob, ManifestJob> change)
        {
            ManifestJob updated;
            lock (gate)
            {
                updated = change(jobs[index]) with { UpdatedAt = NextStamp() };
                jobs[index] = updated;
                version++;
                if (Path is null)
                {
                    return updated;
                }

                dirty.Add(index);
                if (writeScheduled || !ScheduleWrites)
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
            await diskLock.WaitAsync(cancellationToken).ConfigureAwait(false);
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
                diskLock.Release();
            }
        }

        /// <summary>The submission reserved for did not go out: its space is not waited for.</summary>
        public void Release(int index)
        {
            if (journal is null)
            {
                return;
            }

            diskLock.Wait();
            try
            {
                journal.Release(index);
            }
            finally
            {
                diskLock.Release();
            }
        }

        /// <summary>Puts row <paramref name="index"/> as it is now on disk (in the journal) before returning.</summary>
        public async Task PersistAsync(int index, CancellationToken cancellationToken)
        {
            if (journal is null)
            {
                return;
            }

            await diskLock.WaitAsync(cancellationToken).ConfigureAwait(false);
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
                    object entry;
                    lock (gate)
                    {
                        // The row as it is now holds every change so far: the next scheduled write need not repeat it.
                        entry = jobs.Entry(pending);
                        dirty.Remove(pending);
                    }

                    var row = jobs.Decode(entry);

                    try
                    {
                        await journal.WriteAsync(pending, JsonSerializer.SerializeToUtf8Bytes(row, ManifestFile.JournalOptions)).ConfigureAwait(false);
                    }
                    catch
                    {
                        lock (gate)
                        {
                            dirty.Add(pending);
                        }

                        throw;
                    }

                    lock (unrecorded)
                    {
                        unrecorded.Remove(pending);
                    }
                }
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                writeFailure ??= e;
                throw WriteFailed(e);
            }
            finally
            {
                diskLock.Release();
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

        /// <summary>A stamp later than any row has: see <see cref="lastStamp"/>. Called under the rows' lock.</summary>
        private DateTimeOffset NextStamp()
        {
            var now = DateTimeOffset.Now;
            lastStamp = now > lastStamp ? now : lastStamp.AddTicks(1);
            return lastStamp;
        }

        /// <summary>Every row as it is now, in planning order.</summary>
        public IReadOnlyList<ManifestJob> SnapshotJobs()
        {
            lock (gate)
            {
                return jobs.Snapshot();
            }
        }

        public void Dispose()
        {
            stopScheduledWrites.Cancel();
            stopScheduledWrites.Dispose();
            journal?.Dispose();
            diskLock.Dispose();
        }
    }
}
