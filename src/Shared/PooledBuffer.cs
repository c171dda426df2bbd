using System;
using System.Buffers;

namespace Banana.Shared
{
    /// <summary>
    /// A scratch buffer from the shared pool, given back when disposed. For the buffers every job needs while it
    /// waits on a download or a decode: allocated fresh, they outlived the collector's youngest generations and piled
    /// up in the oldest, and a 50,000-job batch's working set grew with every result (issue 13).
    /// The array may be longer than asked; it must not be used after disposal.
    /// </summary>
    internal readonly struct PooledBuffer : IDisposable
    {
        private PooledBuffer(byte[] array) => Array = array;

        public byte[] Array { get; }

        public static PooledBuffer Rent(int minimumLength) => new PooledBuffer(ArrayPool<byte>.Shared.Rent(minimumLength));

        public void Dispose() => ArrayPool<byte>.Shared.Return(Array);
    }
}
