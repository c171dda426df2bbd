using System.Text.Json;
using Banana.Engine.Manifest;

namespace Banana.Engine.Tests.Support;

/// <summary>
/// The manifest's files on a disk with <c>free</c> bytes left: a write that grows a file past that writes what fits,
/// then fails with "No space left on device", as a full disk does (a torn line). Overwriting bytes a file already has
/// needs no space, as on a real disk. A replaced manifest gives its old size back.
/// </summary>
internal sealed class FullDiskStorage(long free) : ManifestStorage
{
    private readonly object gate = new();
    private long free = free;

    /// <summary>Writes that met the full disk.</summary>
    public int Refusals { get; private set; }

    public override Stream OpenJournal(string path) => new MeteredStream(base.OpenJournal(path), this);

    public override async Task SaveAsync(ManifestDocument document, string path)
    {
        var size = JsonSerializer.SerializeToUtf8Bytes(document).Length;
        var old = File.Exists(path) ? new FileInfo(path).Length : 0;
        if (Take(size) < size)
        {
            Give(size);
            throw Full();
        }

        await base.SaveAsync(document, path);
        Give(old);
    }

    internal long Take(long wanted)
    {
        lock (gate)
        {
            var granted = Math.Min(wanted, free);
            free -= granted;
            if (granted < wanted)
            {
                Refusals++;
            }

            return granted;
        }
    }

    internal void Give(long bytes)
    {
        lock (gate)
        {
            free += bytes;
        }
    }

    internal static IOException Full() => new("No space left on device");

    private sealed class MeteredStream(Stream inner, FullDiskStorage disk) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => true;
        public override bool CanWrite => true;
        public override long Length => inner.Length;

        public override long Position
        {
            get => inner.Position;
            set => inner.Position = value;
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            var growth = Math.Max(0, inner.Position + count - inner.Length);
            var granted = disk.Take(growth);
            if (granted < growth)
            {
                inner.Write(buffer, offset, (int)(count - (growth - granted)));
                inner.Flush();
                throw Full();
            }

            inner.Write(buffer, offset, count);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Write(buffer, offset, count);
            return Task.CompletedTask;
        }

        public override void SetLength(long value)
        {
            if (value < inner.Length)
            {
                disk.Give(inner.Length - value);
            }

            inner.SetLength(value);
        }

        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
