using System;
using System.IO;

namespace Banana.Client.Download
{
    /// <summary>
    /// Writing a download to the local disk failed (a full disk, a folder turned read-only). Not a network fault: it is
    /// never retried and reaches the caller as the <see cref="IOException"/> it is. A full disk was reported as
    /// "connection failed" after five attempts (issue 11).
    /// </summary>
    internal sealed class LocalWriteException : IOException
    {
        public LocalWriteException(IOException inner)
            : base(inner.Message, inner)
        {
            HResult = inner.HResult;
        }
    }
}
