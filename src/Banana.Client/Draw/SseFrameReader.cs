using System;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Banana.Client.Draw
{
    /// <summary>One unit of a draw answer: a <c>data:</c> frame's JSON, or a whole body that is not a stream.</summary>
    internal sealed record DrawFrame(string Json, bool IsPlainBody);

    /// <summary>
    /// Reads the <c>data: {json}</c> lines of a draw stream (docs/protocol.md#draw-stream) from raw bytes: lines may end in
    /// LF or CRLF, blank lines and SSE fields are skipped, a line may arrive in any number of pieces, and a
    /// <c>[DONE]</c> marker ends the stream. A body that does not consist of <c>data:</c> lines is returned whole
    /// as a plain body (the service's JSON error object), for the caller to interpret.
    /// </summary>
    internal sealed class SseFrameReader
    {
        private const string DataField = "data:";
        private const string DoneMarker = "[DONE]";
        private const int MaxPlainBodyBytes = 1024 * 1024;

        private readonly Stream stream;
        private readonly int maxLineBytes;
        private byte[] buffer = new byte[8 * 1024];
        private int start;
        private int end;
        private bool endOfStream;
        private bool done;
        private bool firstLine = true;

        public SseFrameReader(Stream stream, int maxLineBytes = 4 * 1024 * 1024)
        {
            this.stream = stream ?? throw new ArgumentNullException(nameof(stream));
            this.maxLineBytes = maxLineBytes;
        }

        /// <summary>How many bytes the body has delivered so far: zero at a clean end means the answer was empty.</summary>
        public long BytesRead { get; private set; }

        /// <summary>The next frame, or null once the stream (or a <c>[DONE]</c> marker) ends it.</summary>
        public async Task<DrawFrame?> ReadAsync(CancellationToken cancellationToken)
        {
            while (!done)
            {
                var line = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
                if (line is null)
                {
                    return null;
                }

                var trimmed = line.Trim();
                if (trimmed.Length == 0 || IsSseBookkeeping(trimmed))
                {
                    continue;
                }

                if (!trimmed.StartsWith(DataField, StringComparison.Ordinal))
                {
                    // Not a stream at all: a JSON error object, perhaps spread over several lines.
                    done = true;
                    var rest = await ReadRestAsync(cancellationToken).ConfigureAwait(false);
                    return new DrawFrame(rest.Length > 0 ? line + "\n" + rest : line, IsPlainBody: true);
                }

                var payload = trimmed.Substring(DataField.Length).Trim();
                if (payload.Length == 0)
                {
                    continue;
                }

                if (payload == DoneMarker)
                {
                    done = true;
                    return null;
                }

                return new DrawFrame(payload, IsPlainBody: false);
            }

            return null;
        }

        /// <summary>SSE comments (<c>:</c>) and the fields this protocol does not use.</summary>
        private static bool IsSseBookkeeping(string line)
            => line.StartsWith(":", StringComparison.Ordinal)
               || line.StartsWith("event:", StringComparison.Ordinal)
               || line.StartsWith("id:", StringComparison.Ordinal)
               || line.StartsWith("retry:", StringComparison.Ordinal);

        private async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
        {
            // Bytes of the current line already searched for '\n'; kept across refills so a long line is scanned once.
            var scanned = 0;
            while (true)
            {
                var newline = Array.IndexOf(buffer, (byte)'\n', start + scanned, end - start - scanned);
                if (newline >= 0)
                {
                    var line = Decode(start, newline - start);
                    start = newline + 1;
                    return line;
                }

                if (endOfStream)
                {
                    if (start == end)
                    {
                        return null;
                    }

                    var last = Decode(start, end - start);
                    start = end;
                    return last;
                }

                scanned = end - start;
                await FillAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>Reads more bytes after the unread ones, compacting or growing the buffer as needed.</summary>
        private async Task FillAsync(CancellationToken cancellationToken)
        {
            if (start > 0)
            {
                Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                end -= start;
                start = 0;
            }

            if (end == buffer.Length)
            {
                if (buffer.Length >= maxLineBytes)
                {
                    throw new GrsaiProtocolException($"A line of the generation stream is longer than {maxLineBytes} bytes.");
                }

                Array.Resize(ref buffer, Math.Min(buffer.Length * 2, maxLineBytes));
            }

            var read = await stream.ReadAsync(buffer, end, buffer.Length - end, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                endOfStream = true;
            }

            end += read;
            BytesRead += read;
        }

        private async Task<string> ReadRestAsync(CancellationToken cancellationToken)
        {
            using var rest = new MemoryStream();
            rest.Write(buffer, start, end - start);
            start = end;
            var chunk = new byte[8 * 1024];
            while (!endOfStream && rest.Length < MaxPlainBodyBytes)
            {
                var read = await stream.ReadAsync(chunk, 0, chunk.Length, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    endOfStream = true;
                }

                rest.Write(chunk, 0, read);
            }

            return Encoding.UTF8.GetString(rest.GetBuffer(), 0, (int)rest.Length).TrimEnd();
        }

        private string Decode(int offset, int count)
        {
            if (count > 0 && buffer[offset + count - 1] == (byte)'\r')
            {
                count--;
            }

            var text = Encoding.UTF8.GetString(buffer, offset, count);
            if (firstLine)
            {
                firstLine = false;
                text = text.TrimStart('\uFEFF');
            }

            return text;
        }
    }
}
