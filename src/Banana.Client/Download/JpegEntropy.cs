using System;
using System.IO;

namespace Banana.Client.Download
{
    /// <summary>
    /// Walks the entropy-coded data of a sequential Huffman JPEG (baseline or extended, the kind generators and cameras
    /// write) the way a decoder reads it, symbol by symbol, without computing a pixel: every block must decode with the
    /// file's own Huffman tables, hold at most 64 coefficients, and the data must end exactly where the frame's last
    /// block ends, restart markers in order. Garbage inside the data breaks one of these almost at once, although
    /// decoders (libjpeg, and SkiaSharp over it) only warn and paint it. Progressive and arithmetic-coded JPEGs are not
    /// walked (<see cref="Walkable"/> is false): their markers are still checked.
    /// </summary>
    internal sealed class JpegEntropy
    {
        private const string Corrupt = "the jpeg image's compressed pixel data is corrupt";

        private readonly HuffmanTable?[] dcTables = new HuffmanTable?[4];
        private readonly HuffmanTable?[] acTables = new HuffmanTable?[4];
        private FrameComponent[] components = Array.Empty<FrameComponent>();
        private int width;
        private int height;
        private int maxH;
        private int maxV;
        private int restartInterval;

        /// <summary>True once a sequential Huffman frame (SOF0, SOF1) with a known height has been read.</summary>
        public bool Walkable { get; private set; }

        /// <summary>A DHT segment: one or more tables. Returns what is wrong, or null.</summary>
        public string? ReadTables(byte[] segment)
        {
            var at = 0;
            while (at < segment.Length)
            {
                if (segment.Length - at < 17)
                {
                    return "the jpeg image has a cut-short Huffman table";
                }

                var tableClass = segment[at] >> 4;
                var id = segment[at] & 0x0F;
                if (tableClass > 1 || id > 3)
                {
                    return "the jpeg image names a Huffman table that cannot exist";
                }

                var counts = new int[17];
                var total = 0;
                for (var length = 1; length <= 16; length++)
                {
                    counts[length] = segment[at + length];
                    total += counts[length];
                }

                at += 17;
                if (total > 256 || segment.Length - at < total)
                {
                    return "the jpeg image has a cut-short Huffman table";
                }

                var values = new byte[total];
                Array.Copy(segment, at, values, 0, total);
                at += total;
                var table = HuffmanTable.Build(counts, values);
                if (table is null)
                {
                    return "the jpeg image has an invalid Huffman table";
                }

                (tableClass == 0 ? dcTables : acTables)[id] = table;
            }

            return null;
        }

        /// <summary>A start-of-frame segment. Returns what is wrong, or null.</summary>
        public string? ReadFrame(byte marker, byte[] segment)
        {
            Walkable = false;
            if (segment.Length < 6)
            {
                return "the jpeg image has a cut-short frame header";
            }

            height = (segment[1] << 8) | segment[2];
            width = (segment[3] << 8) | segment[4];
            var count = segment[5];
            if (count == 0 || segment.Length < 6 + (3 * count) || width == 0)
            {
                return "the jpeg image has an invalid frame header";
            }

            components = new FrameComponent[count];
            maxH = 1;
            maxV = 1;
            for (var c = 0; c < count; c++)
            {
                var h = segment[7 + (3 * c)] >> 4;
                var v = segment[7 + (3 * c)] & 0x0F;
                if (h is < 1 or > 4 || v is < 1 or > 4)
                {
                    return "the jpeg image has an invalid frame header";
                }

                components[c] = new FrameComponent(segment[6 + (3 * c)], h, v);
                maxH = Math.Max(maxH, h);
                maxV = Math.Max(maxV, v);
            }

            // A height of 0 is given later (DNL), a rarity this walk leaves to the decoder.
            Walkable = (marker == 0xC0 || marker == 0xC1) && height > 0;
            return null;
        }

        /// <summary>A DRI segment. Returns what is wrong, or null.</summary>
        public string? ReadRestartInterval(byte[] segment)
        {
            if (segment.Length != 2)
            {
                return "the jpeg image has an invalid restart interval";
            }

            restartInterval = (segment[0] << 8) | segment[1];
            return null;
        }

        /// <summary>
        /// Reads the scan whose header is <paramref name="header"/> from the stream's position to the marker after it,
        /// and leaves the stream on that marker. Returns what is wrong, or null.
        /// </summary>
        /// <exception cref="EndOfStreamException">The file ends inside the scan.</exception>
        public string? WalkScan(byte[] header, BinaryReader reader)
        {
            if (header.Length < 1 || header.Length < 1 + (2 * header[0]) + 3)
            {
                return "the jpeg image has a cut-short scan header";
            }

            var count = header[0];
            var blocks = new ScanComponent[count];
            for (var s = 0; s < count; s++)
            {
                var frame = Array.FindIndex(components, c => c.Id == header[1 + (2 * s)]);
                var dc = dcTables[(header[2 + (2 * s)] >> 4) & 3];
                var ac = acTables[header[2 + (2 * s)] & 3];
                if (frame < 0 || dc is null || ac is null || (header[2 + (2 * s)] >> 4) > 3 || (header[2 + (2 * s)] & 0x0F) > 3)
                {
                    return "the jpeg image's scan names a component or Huffman table it does not define";
                }

                blocks[s] = new ScanComponent(components[frame], dc, ac);
            }

            var spectral = header.AsSpan(1 + (2 * count), 3);
            if (spectral[0] != 0 || spectral[1] != 63 || spectral[2] != 0)
            {
                return "the jpeg image's sequential scan has progressive parameters";
            }

            long mcusAcross, mcusDown;
            if (count == 1)
            {
                // A scan of one component is not interleaved: its units are single blocks over that component's own size.
                var c = blocks[0].Frame;
                mcusAcross = Ceiling(Ceiling((long)width * c.H, maxH), 8);
                mcusDown = Ceiling(Ceiling((long)height * c.V, maxV), 8);
                blocks[0] = blocks[0] with { PerUnit = 1 };
            }
            else
            {
                mcusAcross = Ceiling(width, 8L * maxH);
                mcusDown = Ceiling(height, 8L * maxV);
                for (var s = 0; s < count; s++)
                {
                    blocks[s] = blocks[s] with { PerUnit = blocks[s].Frame.H * blocks[s].Frame.V };
                }
            }

            try
            {
                return WalkUnits(new BitReader(reader), blocks, mcusAcross * mcusDown, reader);
            }
            catch (ScanEndedException ended)
            {
                return ended.Message;
            }
        }

        private string? WalkUnits(BitReader bits, ScanComponent[] blocks, long units, BinaryReader reader)
        {
            var interval = restartInterval > 0 ? restartInterval : units;
            var restarts = 0;
            for (long done = 0; done < units;)
            {
                var end = Math.Min(units, done + interval);
                for (; done < end; done++)
                {
                    foreach (var block in blocks)
                    {
                        for (var b = 0; b < block.PerUnit; b++)
                        {
                            if (WalkBlock(bits, block) is { } defect)
                            {
                                return defect;
                            }
                        }
                    }
                }

                // The interval is over: what follows (after the last byte's padding bits) must be a marker at once.
                var marker = bits.MarkerAfterPadding();
                if (marker is null)
                {
                    return Corrupt + " (data goes on past the last block)";
                }

                if (done < units)
                {
                    if (marker != 0xD0 + (restarts++ % 8))
                    {
                        return Corrupt + " (a restart marker is missing or out of order)";
                    }
                }
                else if (marker >= 0xD0 && marker <= 0xD7)
                {
                    return Corrupt + " (data goes on past the last block)";
                }
                else
                {
                    reader.BaseStream.Position -= 2; // back onto the marker, for the segment walk
                }
            }

            return null;
        }

        private static string? WalkBlock(BitReader bits, ScanComponent block)
        {
            var size = block.Dc.Decode(bits);
            if (size is < 0 or > 15)
            {
                return Corrupt + " (a code its Huffman tables do not hold)";
            }

            bits.Skip(size);
            for (var k = 1; k < 64;)
            {
                var symbol = block.Ac.Decode(bits);
                if (symbol < 0)
                {
                    return Corrupt + " (a code its Huffman tables do not hold)";
                }

                var run = symbol >> 4;
                size = symbol & 0x0F;
                if (size == 0)
                {
                    if (run != 15)
                    {
                        break; // end of block
                    }

                    k += 16;
                    continue;
                }

                k += run;
                if (k > 63)
                {
                    return Corrupt + " (a block with more than 64 coefficients)";
                }

                bits.Skip(size);
                k++;
            }

            return null;
        }

        private static long Ceiling(long value, long divisor) => (value + divisor - 1) / divisor;

        private readonly record struct FrameComponent(int Id, int H, int V);

        private readonly record struct ScanComponent(FrameComponent Frame, HuffmanTable Dc, HuffmanTable Ac)
        {
            public int PerUnit { get; init; }
        }

        /// <summary>A canonical Huffman table as JPEG defines it: codes of each length in order, none all ones.</summary>
        private sealed class HuffmanTable
        {
            private readonly int[] minCode = new int[17];
            private readonly int[] maxCode = new int[17];
            private readonly int[] firstValue = new int[17];
            private readonly byte[] values;

            private HuffmanTable(byte[] values) => this.values = values;

            public static HuffmanTable? Build(int[] counts, byte[] values)
            {
                var table = new HuffmanTable(values);
                int code = 0, index = 0;
                for (var length = 1; length <= 16; length++)
                {
                    table.minCode[length] = code;
                    table.firstValue[length] = index;
                    code += counts[length];
                    index += counts[length];
                    table.maxCode[length] = counts[length] > 0 ? code - 1 : -1;
                    if (counts[length] > 0 && code >= (1 << length))
                    {
                        return null; // over-subscribed, or a code of all ones
                    }

                    code <<= 1;
                }

                return table;
            }

            /// <summary>The next symbol, or -1 when no code of up to 16 bits matches.</summary>
            public int Decode(BitReader bits)
            {
                var code = 0;
                for (var length = 1; length <= 16; length++)
                {
                    code = (code << 1) | bits.Next();
                    if (code <= maxCode[length] && code >= minCode[length])
                    {
                        return values[firstValue[length] + code - minCode[length]];
                    }
                }

                return -1;
            }
        }

        /// <summary>Bits of entropy-coded data, most significant first, with stuffed zero bytes removed.</summary>
        private sealed class BitReader
        {
            private readonly BinaryReader reader;
            private int current;
            private int left;

            public BitReader(BinaryReader reader) => this.reader = reader;

            public int Next()
            {
                if (left == 0)
                {
                    current = reader.ReadByte();
                    if (current == 0xFF)
                    {
                        var next = reader.ReadByte();
                        if (next != 0x00)
                        {
                            // A marker where data was expected: the data ends before the frame's last block.
                            throw new ScanEndedException();
                        }
                    }

                    left = 8;
                }

                left--;
                return (current >> left) & 1;
            }

            public void Skip(int count)
            {
                for (var i = 0; i < count; i++)
                {
                    Next();
                }
            }

            /// <summary>Drops the current byte's padding bits; the marker that follows (fill bytes skipped), or null when data follows.</summary>
            public int? MarkerAfterPadding()
            {
                left = 0;
                if (reader.ReadByte() != 0xFF)
                {
                    return null;
                }

                var marker = reader.ReadByte();
                while (marker == 0xFF)
                {
                    marker = reader.ReadByte();
                }

                return marker == 0x00 ? null : marker;
            }
        }

        /// <summary>The data of a scan stopped at a marker before its last block.</summary>
        internal sealed class ScanEndedException : Exception
        {
            public ScanEndedException()
                : base(Corrupt + " (it ends before the last block)")
            {
            }

            public ScanEndedException(string message)
                : base(message)
            {
            }

            public ScanEndedException(string message, Exception innerException)
                : base(message, innerException)
            {
            }
        }
    }
}
