using System.Collections;
using System.Collections.Generic;

namespace Banana.Engine.Manifest
{
    /// <summary>
    /// The live manifest's rows, each kept encoded (<see cref="ManifestRowCodec"/>) and decoded when asked for. Not
    /// thread-safe: <see cref="BatchManifest"/> uses it under its lock. A <see cref="Snapshot"/> is safe anywhere: encoded
    /// rows never change (an update stores a new one), so a snapshot is the list of rows as they were when it was taken.
    /// </summary>
    internal sealed class ManifestRowStore
    {
        private readonly List<byte[]> rows;
        private readonly ManifestRowValues values = new ManifestRowValues();
        private readonly ManifestRowCodec.RowWriter writer = new ManifestRowCodec.RowWriter();

        public ManifestRowStore(IReadOnlyList<ManifestJob> initial)
        {
            rows = new List<byte[]>(initial.Count);
            foreach (var row in initial)
            {
                rows.Add(Encode(row));
            }
        }

        public int Count => rows.Count;

        public ManifestJob this[int index]
        {
            get => ManifestRowCodec.Decode(rows[index], values);
            set => rows[index] = Encode(value);
        }

        public int Add(ManifestJob row)
        {
            rows.Add(Encode(row));
            return rows.Count - 1;
        }

        public IReadOnlyList<ManifestJob> Snapshot() => new RowSnapshot(rows.ToArray(), values);

        private byte[] Encode(ManifestJob row) => ManifestRowCodec.Encode(row, values, writer);

        /// <summary>The rows as they were, each decoded when read: the whole batch never sits in memory as objects at once.</summary>
        private sealed class RowSnapshot : IReadOnlyList<ManifestJob>
        {
            private readonly byte[][] rows;
            private readonly ManifestRowValues values;

            public RowSnapshot(byte[][] rows, ManifestRowValues values)
            {
                this.rows = rows;
                this.values = values;
            }

            public int Count => rows.Length;

            public ManifestJob this[int index] => ManifestRowCodec.Decode(rows[index], values);

            public IEnumerator<ManifestJob> GetEnumerator()
            {
                foreach (var row in rows)
                {
                    yield return ManifestRowCodec.Decode(row, values);
                }
            }

            IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
        }
    }
}
