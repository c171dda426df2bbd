using System.Collections;
using System.Collections.Generic;

namespace Banana.Engine.Manifest
{
    /// <summary>
    /// The live manifest's rows, each encoded (<see cref="ManifestRowCodec"/>) and decoded when asked for. The rows a
    /// resume read from the earlier manifest and planned unchanged stay the objects they were until replaced: encoding
    /// 50,000 rows a resume may never touch would hold up its first request (that memory was spent reading them anyway).
    /// Not thread-safe: <see cref="BatchManifest"/> changes and reads it under its lock. A <see cref="Snapshot"/> is taken
    /// under that lock and then read without it, on any thread: a row is never changed in place (an update stores a new
    /// one), so a snapshot is the rows as they were when taken.
    /// </summary>
    internal sealed class ManifestRowStore
    {
        // Each row is the byte[] of its encoding, or a ManifestJob read from the earlier manifest and not changed since.
        private readonly List<object> rows;
        private readonly ManifestRowValues values = new ManifestRowValues();
        private readonly ManifestRowCodec.RowWriter writer = new ManifestRowCodec.RowWriter();

        /// <param name="initial">The rows, in order.</param>
        /// <param name="read">The earlier manifest's rows: a row of <paramref name="initial"/> that is the very object at the same place in them is kept as it is.</param>
        public ManifestRowStore(IReadOnlyList<ManifestJob> initial, IReadOnlyList<ManifestJob>? read = null)
        {
            rows = new List<object>(initial.Count);
            for (var i = 0; i < initial.Count; i++)
            {
                var row = initial[i];
                rows.Add(read is not null && i < read.Count && ReferenceEquals(row, read[i]) ? row : Encode(row));
            }
        }

        public int Count => rows.Count;

        public ManifestJob this[int index]
        {
            get => Decode(rows[index]);
            set => rows[index] = Encode(value);
        }

        /// <summary>Row <paramref name="index"/> as stored, for <see cref="Decode(object)"/> outside the caller's lock.</summary>
        public object Entry(int index) => rows[index];

        /// <summary>The row an <see cref="Entry"/> holds. Safe on any thread: shared values are only ever added.</summary>
        public ManifestJob Decode(object entry) => Decode(entry, values);

        /// <summary>True while row <paramref name="index"/> is the object read from the earlier manifest, unchanged since.</summary>
        public bool IsAsRead(int index) => rows[index] is ManifestJob;

        public int Add(ManifestJob row)
        {
            rows.Add(Encode(row));
            return rows.Count - 1;
        }

        public IReadOnlyList<ManifestJob> Snapshot() => new RowSnapshot(rows.ToArray(), values);

        private byte[] Encode(ManifestJob row) => ManifestRowCodec.Encode(row, values, writer);

        private static ManifestJob Decode(object row, ManifestRowValues values)
            => row as ManifestJob ?? ManifestRowCodec.Decode((byte[])row, values);

        /// <summary>The rows as they were, each decoded when read: the whole batch never sits in memory as objects at once.</summary>
        private sealed class RowSnapshot : IReadOnlyList<ManifestJob>
        {
            private readonly object[] rows;
            private readonly ManifestRowValues values;

            public RowSnapshot(object[] rows, ManifestRowValues values)
            {
                this.rows = rows;
                this.values = values;
            }

            public int Count => rows.Length;

            public ManifestJob this[int index] => Decode(rows[index], values);

            public IEnumerator<ManifestJob> GetEnumerator()
            {
                foreach (var row in rows)
                {
                    yield return Decode(row, values);
                }
            }

            IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
        }
    }
}
