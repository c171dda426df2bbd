using System;

namespace Banana.Client.Download
{
    /// <summary>
    /// Watches bytes stream past and keeps only what the image check needs: the first bytes (the signature)
    /// and the last ones (the ending a truncated file lacks), so a large download is never buffered.
    /// </summary>
    internal sealed class ImageProbe
    {
        private readonly byte[] _header = new byte[ImageFormat.HeaderLength];
        private readonly byte[] _tail = new byte[ImageFormat.TailLength];
        private int _headerCount;
        private int _tailCount;

        public long Length { get; private set; }

        /// <summary>True once the first bytes are in and name no image format: nothing after them is worth reading.</summary>
        public bool IsNotAnImage => _headerCount == _header.Length && ImageFormat.Detect(_header) is null;

        /// <summary>The format the first bytes name, or null.</summary>
        public string? Format => ImageFormat.Detect(new ReadOnlySpan<byte>(_header, 0, _headerCount));

        public void Observe(byte[] buffer, int count)
        {
            var toHeader = Math.Min(count, _header.Length - _headerCount);
            Buffer.BlockCopy(buffer, 0, _header, _headerCount, toHeader);
            _headerCount += toHeader;

            if (count >= _tail.Length)
            {
                Buffer.BlockCopy(buffer, count - _tail.Length, _tail, 0, _tail.Length);
                _tailCount = _tail.Length;
            }
            else
            {
                // Shift the kept tail left to make room for the few new bytes at its end.
                var keep = Math.Min(_tailCount, _tail.Length - count);
                Buffer.BlockCopy(_tail, _tailCount - keep, _tail, 0, keep);
                Buffer.BlockCopy(buffer, 0, _tail, keep, count);
                _tailCount = keep + count;
            }

            Length += count;
        }

        /// <summary>Null when the bytes seen form a whole image; otherwise why they do not.</summary>
        public string? Defect()
            => ImageFormat.DescribeDefect(
                new ReadOnlySpan<byte>(_header, 0, _headerCount), new ReadOnlySpan<byte>(_tail, 0, _tailCount), Length);
    }
}
