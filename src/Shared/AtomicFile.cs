using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Banana.Shared
{
    /// <summary>
    /// Writes a file whole or not at all: the bytes go to a temporary file next to the target
    /// (<c>&lt;target&gt;.&lt;random&gt;.&lt;suffix&gt;</c>), reach the disk, and only then replace the target (retrying a
    /// sharing violation, see <see cref="FileRetry"/>). The temporary file never survives. The manifest, the report and
    /// downloaded results are all written this way.
    /// One source, compiled into the client and the engine as an internal type of each (they share no internals).
    /// </summary>
    internal static class AtomicFile
    {
        private const int BufferBytes = 65536;

        /// <summary>Writes <paramref name="path"/> with <paramref name="write"/>, replacing what is there.</summary>
        public static async Task WriteAsync(string path, string suffix, Func<Stream, Task> write, CancellationToken cancellationToken)
        {
            var temp = TempPathFor(path, suffix);
            try
            {
                using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferBytes, useAsync: true))
                {
                    await write(stream).ConfigureAwait(false);
                    await stream.FlushAsync(cancellationToken).ConfigureAwait(false);

                    // On disk before the rename, so a crash cannot leave an empty file under the real name.
                    stream.Flush(flushToDisk: true);
                }

                cancellationToken.ThrowIfCancellationRequested();
                await MoveIntoPlaceAsync(temp, path, overwrite: true, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                TryDelete(temp);
            }
        }

        /// <summary>A fresh temporary name next to <paramref name="path"/>: <c>&lt;path&gt;.&lt;8 random chars&gt;.&lt;suffix&gt;</c>.</summary>
        public static string TempPathFor(string path, string suffix)
            => $"{path}.{Path.GetFileNameWithoutExtension(Path.GetRandomFileName())}.{suffix}";

        /// <summary>
        /// Puts a finished temporary file in place. Without <paramref name="overwrite"/> an existing target is left
        /// alone and the move fails with an <see cref="IOException"/>.
        /// </summary>
        public static async Task MoveIntoPlaceAsync(string temp, string path, bool overwrite, CancellationToken cancellationToken)
        {
            if (overwrite && File.Exists(path))
            {
                await FileRetry.RunAsync(() => File.Replace(temp, path, destinationBackupFileName: null), cancellationToken).ConfigureAwait(false);
                return;
            }

            await FileRetry.RunAsync(() => File.Move(temp, path), cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// Best effort: a file that cannot go now must not hide why the write failed; a batch run sweeps leftover
        /// partial files of its own results.
        /// </summary>
        public static void TryDelete(string path)
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
    }
}
