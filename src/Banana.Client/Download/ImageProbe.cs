using System;

namespace Banana.Client.Download
{
    /// <summary>
    /// Watches bytes stream past and keeps only what the image check needs: the first bytes (the signature)
    /// and the last ones (the ending a truncated file lacks), so a large download is never buffered.
    /// </summary>
    internal sealed class ImageProbe
    {
        private readonly byte[] header = new byte[ImageFormat.HeaderLength];
        private readonly byte[] tail = new byte[ImageFormat.TailLength];
        private int headerCount;
        private int tailCount;

        public long Length { get; private set; }

        /// <summary>True once the first bytes are in and name no image format: nothing after them is worth reading.</summary>
        public bool IsNotAnImage => headerCount == header.Length && ImageFormat.Detect(header) is null;

        /// <summary>The format the first bytes name, or null.</summary>
        public string? Format => ImageFormat.Detect(new ReadOnlySpan<byte>(header, 0, headerCount));

        public void Observe(byte[] buffer, int count)
        {
            var toHeader = Math.Min(count, header.Length - headerCount);
            Buffer.BlockCopy(buffer, 0, header, headerCount, toHeader);
            headerCount += toHeader;

            if (count >= tail.Length)
            {
                Buffer.BlockCopy(buffer, count - tail.Length, tail, 0, tail.Length);
                tailCount = tail.Length;
            }
            else
            {
                // Shift the kept tail left to make room for the few new bytes at its end.
                var keep = Math.Min(tailCount, tail.Length - count);
                Buffer.BlockCopy(tail, tailCount - keep, tail, 0, keep);
                Buffer.BlockCopy(buffer, 0, tail, keep, count);
                tailCount = keep + count;
            }

            Length += count;
        }

        /// <summary>Null when the bytes seen form a whole image; otherwise why they do not.</summary>
        public string? Defect()
            => ImageFormat.DescribeDefect(
                new ReadOnlySpan<byte>(header, 0, headerCount), new ReadOnlySpan<byte>(tail, 0, tailCount), Length);
    }
}
