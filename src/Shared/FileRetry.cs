using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Banana.Shared
{
    /// <summary>
    /// Runs a rename again for a moment when it fails: on Windows, Defender, the search indexer or OneDrive open a
    /// freshly written file for a few milliseconds, and a replace or move then fails with a sharing violation that
    /// clears by itself.
    /// One source, compiled into the client and the engine as an internal type of each (they share no internals).
    /// </summary>
    internal static class FileRetry
    {
        public const int Attempts = 5;

        private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(100);

        /// <summary>Runs <paramref name="operation"/>, up to <see cref="Attempts"/> times; the last failure is thrown.</summary>
        public static async Task RunAsync(Action operation, CancellationToken cancellationToken)
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    operation();
                    return;
                }
                catch (Exception e) when (attempt < Attempts && MayClear(e))
                {
                }

                await Task.Delay(Pause, cancellationToken).ConfigureAwait(false);
            }
        }

        // A missing file or folder, or a path too long, stays so however long one waits.
        private static bool MayClear(Exception e)
            => e is UnauthorizedAccessException
                || (e is IOException && e is not FileNotFoundException && e is not DirectoryNotFoundException && e is not PathTooLongException);
    }
}
