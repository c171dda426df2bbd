using System.IO;
using System.Threading.Tasks;

namespace Banana.Engine.Manifest
{
    /// <summary>
    /// Where the manifest's bytes go: the disk, or (in tests) a layer that fails like a full disk after so many writes.
    /// The only seam between the manifest's rules (reserve, record, stop) and the file system.
    /// </summary>
    internal class ManifestStorage
    {
        public static readonly ManifestStorage Disk = new ManifestStorage();

        /// <summary>
        /// The journal, opened for writing at any offset (reserved slots are overwritten in place). Unbuffered: a write
        /// that fails must fail in the call that made it, not in a later flush of someone else's bytes.
        /// </summary>
        public virtual Stream OpenJournal(string path)
            => new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read, 1, useAsync: true);

        /// <summary>Replaces the manifest whole (see <see cref="ManifestFile.SaveAsync"/>).</summary>
        public virtual Task SaveAsync(ManifestDocument document, string path) => ManifestFile.SaveAsync(document, path);
    }
}
