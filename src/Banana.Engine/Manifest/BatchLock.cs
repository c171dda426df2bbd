using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Banana.Shared;

namespace Banana.Engine.Manifest
{
    /// <summary>
    /// One batch per output folder. Two runs on one folder each paid for the same jobs and overwrote each other's
    /// manifest, so a run holds <see cref="FileName"/> open with <see cref="FileShare.None"/> from before it reads the
    /// manifest until its last write. The operating system releases that hold when the process dies (however it dies),
    /// so a lock file left by a killed run is simply free again and is taken over. Since nobody can read a file held
    /// this way, the holder also leaves a note, <see cref="OwnerFileName"/>, naming itself (process id, host, start),
    /// which a refused run quotes. Where the system's file locks do not hold (locking disabled, some network shares),
    /// the note's process is also checked for life on this host: a live holder is never displaced.
    /// </summary>
    internal sealed class BatchLock : IDisposable
    {
        public const string FileName = "banana-batch.lock";
        public const string OwnerFileName = "banana-batch.lock.json";

        private static readonly JsonSerializerOptions JsonOptions = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        };

        private readonly FileStream held;
        private readonly string ownerPath;

        private BatchLock(FileStream held, string ownerPath, LockOwner? previous)
        {
            this.held = held;
            this.ownerPath = ownerPath;
            TakenOverFrom = previous;
        }

        /// <summary>The run whose lock was left behind (killed) and taken over; null when the folder was free.</summary>
        public LockOwner? TakenOverFrom { get; }

        /// <summary>
        /// Takes the folder, or throws <c>BatchAlreadyRunning</c> naming the run that has it. Other I/O errors (a folder
        /// that cannot be written) are thrown as they are: the caller says what to do about those.
        /// </summary>
        public static async Task<BatchLock> AcquireAsync(string outputDirectory, CancellationToken cancellationToken)
        {
            var lockPath = Path.Combine(outputDirectory, FileName);
            var ownerPath = Path.Combine(outputDirectory, OwnerFileName);
            FileStream stream;
            try
            {
                stream = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
            }
            catch (IOException) when (File.Exists(lockPath))
            {
                // Held: a sharing violation (Windows) or a held flock (Linux, macOS).
                throw AlreadyRunning(outputDirectory, await ReadLiveOwnerAsync(ownerPath, cancellationToken).ConfigureAwait(false));
            }

            try
            {
                var previous = ReadOwner(stream);
                if (previous is not null && previous.IsAliveElsewhere())
                {
                    // The file system let us in although the run that wrote this is still alive: its locks do not hold here.
                    throw AlreadyRunning(outputDirectory, previous);
                }

                var me = LockOwner.ForThisProcess();
                var body = JsonSerializer.SerializeToUtf8Bytes(me, JsonOptions);
                stream.SetLength(0);
                stream.Write(body, 0, body.Length);
                stream.Flush(flushToDisk: true);
                await AtomicFile.WriteAsync(ownerPath, "tmp", s => s.WriteAsync(body, 0, body.Length), cancellationToken).ConfigureAwait(false);
                return new BatchLock(stream, ownerPath, previous);
            }
            catch
            {
                stream.Dispose();
                throw;
            }
        }

        /// <summary>Gives the folder back: the note goes first, then the lock's body is emptied (a clean end) and released.</summary>
        public void Dispose()
        {
            AtomicFile.TryDelete(ownerPath);
            try
            {
                held.SetLength(0);
            }
            catch (IOException)
            {
                // An emptied body only tells a person the run ended cleanly; the hold itself ends with the handle.
            }

            held.Dispose();
        }

        private static LockOwner? ReadOwner(Stream stream)
        {
            try
            {
                if (stream.Length == 0 || stream.Length > 64 * 1024)
                {
                    return null;
                }

                var bytes = new byte[stream.Length];
                stream.Position = 0;
                var read = 0;
                while (read < bytes.Length)
                {
                    var n = stream.Read(bytes, read, bytes.Length - read);
                    if (n == 0)
                    {
                        break;
                    }

                    read += n;
                }

                return Parse(bytes);
            }
            catch (IOException)
            {
                return null;
            }
        }

        private static LockOwner? Parse(byte[] bytes)
        {
            try
            {
                return JsonSerializer.Deserialize<LockOwner>(bytes, JsonOptions);
            }
            catch (JsonException)
            {
                // A body someone edited or a write the crash tore: it names nobody, so nobody is displaced.
                return null;
            }
        }

        /// <summary>
        /// The holder's note. A run that took the lock this very moment may not have written it yet (or the note may
        /// still be its dead predecessor's), so a missing or dead note is read again for a short while.
        /// </summary>
        private static async Task<LockOwner?> ReadLiveOwnerAsync(string ownerPath, CancellationToken cancellationToken)
        {
            LockOwner? owner = null;
            for (var attempt = 0; attempt < 10; attempt++)
            {
                try
                {
                    owner = File.Exists(ownerPath) ? Parse(File.ReadAllBytes(ownerPath)) : null;
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    owner = null;
                }

                if (owner is not null && (owner.IsAliveElsewhere() || !owner.IsOnThisHost))
                {
                    return owner;
                }

                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }

            return owner;
        }

        private static BananaException AlreadyRunning(string outputDirectory, LockOwner? owner)
        {
            var who = owner is null
                ? "another run (it has not named itself yet)"
                : $"another run: process {owner.ProcessId} on {owner.Host}, started {owner.StartedAt.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture)}";
            return new BananaException(
                "BatchAlreadyRunning",
                BananaErrorKind.Busy,
                $"The output folder '{outputDirectory}' is in use by {who}. Two batches on one folder would pay for the same "
                + "jobs twice, so this one did not start and spent nothing. Wait for that run to finish (or stop it), then run "
                + "the same command again: it resumes where that run stopped.",
                Path.Combine(outputDirectory, FileName));
        }

        /// <summary>Who holds (or held) a folder: written as the lock's body and its note.</summary>
        internal sealed class LockOwner
        {
            public int ProcessId { get; set; }
            public string Host { get; set; } = string.Empty;
            public DateTimeOffset StartedAt { get; set; }

            /// <summary>When the process itself started: a reused process id names another process.</summary>
            public DateTimeOffset? ProcessStartedAt { get; set; }

            public bool IsOnThisHost => string.Equals(Host, Environment.MachineName, StringComparison.OrdinalIgnoreCase);

            public static LockOwner ForThisProcess()
            {
                using var process = Process.GetCurrentProcess();
                return new LockOwner
                {
                    ProcessId = process.Id,
                    Host = Environment.MachineName,
                    StartedAt = DateTimeOffset.Now,
                    ProcessStartedAt = StartTimeOf(process),
                };
            }

            /// <summary>True when another process on this host, the very one that wrote this, still runs.</summary>
            public bool IsAliveElsewhere()
            {
                if (!IsOnThisHost)
                {
                    return false;
                }

                using var current = Process.GetCurrentProcess();
                if (ProcessId == current.Id)
                {
                    // This process got the hold from the system, so whatever run of it wrote this has let go.
                    return false;
                }

                try
                {
                    using var process = Process.GetProcessById(ProcessId);
                    if (process.HasExited)
                    {
                        return false;
                    }

                    var started = StartTimeOf(process);
                    return ProcessStartedAt is null || started is null
                        || Math.Abs((started.Value - ProcessStartedAt.Value).TotalSeconds) < 2;
                }
                catch (ArgumentException)
                {
                    return false;
                }
                catch (InvalidOperationException)
                {
                    return false;
                }
            }

            private static DateTimeOffset? StartTimeOf(Process process)
            {
                try
                {
                    return new DateTimeOffset(process.StartTime);
                }
#pragma warning disable CA1031 // not knowing when a process started only weakens the reuse check; it never stops a run
                catch (Exception)
#pragma warning restore CA1031
                {
                    return null;
                }
            }
        }
    }
}
