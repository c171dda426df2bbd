using System;
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
        // Dot files, and hidden on Windows: they are the batch's housekeeping, not results a person looks for.
        public const string FileName = ".banana-batch.lock";
        public const string OwnerFileName = ".banana-batch.lock.json";

        private static readonly JsonSerializerOptions JsonOptions = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            TypeInfoResolver = ManifestJsonContext.Default,
        };

        private readonly FileStream held;
        private readonly string ownerPath;

        private BatchLock(FileStream held, string ownerPath, BatchLockOwner? previous)
        {
            this.held = held;
            this.ownerPath = ownerPath;
            TakenOverFrom = previous;
        }

        /// <summary>The run whose lock was left behind (killed) and taken over; null when the folder was free.</summary>
        public BatchLockOwner? TakenOverFrom { get; }

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
                Hide(lockPath);
                var previous = ReadOwner(stream);
                if (previous is not null && previous.IsAliveElsewhere())
                {
                    // The file system let us in although the run that wrote this is still alive: its locks do not hold here.
                    throw AlreadyRunning(outputDirectory, previous);
                }

                var me = BatchLockOwner.ForThisProcess();
                var body = JsonSerializer.SerializeToUtf8Bytes(me, JsonOptions);
                stream.SetLength(0);
                stream.Write(body, 0, body.Length);
                stream.Flush(flushToDisk: true);
                await AtomicFile.WriteAsync(ownerPath, "tmp", s => s.WriteAsync(body, 0, body.Length), cancellationToken).ConfigureAwait(false);
                Hide(ownerPath);
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

        /// <summary>Windows does not hide dot files by itself. Cosmetic: a folder that refuses it still works.</summary>
        private static void Hide(string path)
        {
            if (Path.DirectorySeparatorChar != '\\')
            {
                return;
            }

            try
            {
                File.SetAttributes(path, File.GetAttributes(path) | FileAttributes.Hidden);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
            }
        }

        private static BatchLockOwner? ReadOwner(Stream stream)
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

        private static BatchLockOwner? Parse(byte[] bytes)
        {
            try
            {
                return JsonSerializer.Deserialize<BatchLockOwner>(bytes, JsonOptions);
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
        private static async Task<BatchLockOwner?> ReadLiveOwnerAsync(string ownerPath, CancellationToken cancellationToken)
        {
            BatchLockOwner? owner = null;
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

        private static BananaException AlreadyRunning(string outputDirectory, BatchLockOwner? owner)
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
    }
}
