using System.Text;

namespace Banana.Client.Tests.Fakes;

/// <summary>
/// A response body that hands out given pieces, one per read, then ends, breaks (IOException) or goes
/// silent; it counts reads so tests can tell how far the client had read when something happened.
/// </summary>
public sealed class ScriptedStream : Stream
{
    private readonly Queue<byte[]> pieces;
    private readonly Ending ending;
    private byte[] current = [];
    private int offset;

    public enum Ending
    {
        Close,
        Break,
        Hang,
    }

    public ScriptedStream(IEnumerable<byte[]> pieces, Ending ending = Ending.Close)
    {
        this.pieces = new Queue<byte[]>(pieces);
        this.ending = ending;
    }

    public static ScriptedStream OfText(string text, Ending ending = Ending.Close)
        => new([Encoding.UTF8.GetBytes(text)], ending);

    public static ScriptedStream OfLines(Ending ending, params string[] chunks)
        => new(chunks.Select(Encoding.UTF8.GetBytes), ending);

    /// <summary>Every byte of <paramref name="text"/> in its own read.</summary>
    public static ScriptedStream ByteByByte(string text, Ending ending = Ending.Close)
        => new(Encoding.UTF8.GetBytes(text).Select(b => new[] { b }), ending);

    public int PiecesServed { get; private set; }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        if (this.offset == current.Length)
        {
            if (pieces.Count == 0)
            {
                switch (ending)
                {
                    case Ending.Break:
                        throw new IOException("The response ended prematurely (connection reset).");
                    case Ending.Hang:
                        await Task.Delay(Timeout.Infinite, cancellationToken);
                        break;
                }

                return 0;
            }

            current = pieces.Dequeue();
            this.offset = 0;
            PiecesServed++;
        }

        var n = Math.Min(count, current.Length - this.offset);
        Array.Copy(current, this.offset, buffer, offset, n);
        this.offset += n;
        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var array = new byte[buffer.Length];
        var read = await ReadAsync(array, 0, array.Length, cancellationToken);
        array.AsSpan(0, read).CopyTo(buffer.Span);
        return read;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
