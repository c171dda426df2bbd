using System;
using System.Collections.Generic;
using System.Threading;

namespace Banana.Engine.Manifest
{
    /// <summary>
    /// The values a batch's rows repeat (a photo's path, hash and upload, its reference records, the prompt, the model),
    /// each kept once and named in an encoded row by its number (<see cref="ManifestRowCodec"/>). Numbers are added under
    /// the live manifest's lock and never change or go away, so a row encoded earlier can be decoded without the lock.
    /// A value no row uses any more (a reference before its upload was recorded) stays for the run: there are about two
    /// for each photo, against a hundred rows.
    /// </summary>
    internal sealed class ManifestRowValues
    {
        public SharedValues<string> Strings { get; } = new SharedValues<string>(StringComparer.Ordinal);

        public SharedValues<ManifestReference> References { get; } = new SharedValues<ManifestReference>(EqualityComparer<ManifestReference>.Default);

        public SharedValues<ManifestUpload> Uploads { get; } = new SharedValues<ManifestUpload>(EqualityComparer<ManifestUpload>.Default);

        /// <summary>
        /// One kind of value, numbered from 1 in the order first seen; 0 stands for null. Adding is for one thread at a
        /// time (the caller's lock); reading may happen on any thread, at any time, for any number already handed out.
        /// </summary>
        internal sealed class SharedValues<T>
            where T : class
        {
            private readonly Dictionary<T, int> numbers;

            // Grown by copying into a new array: a reader holding the old one still finds every number it was given.
            private T[] items = new T[16];
            private int count;

            public SharedValues(IEqualityComparer<T> comparer) => numbers = new Dictionary<T, int>(comparer);

            public int NumberOf(T? value)
            {
                if (value is null)
                {
                    return 0;
                }

                if (numbers.TryGetValue(value, out var number))
                {
                    return number;
                }

                if (count == items.Length)
                {
                    var grown = new T[count * 2];
                    Array.Copy(items, grown, count);
                    Volatile.Write(ref items, grown);
                }

                items[count] = value;
                count++;
                numbers.Add(value, count);
                return count;
            }

            public T? ValueOf(int number) => number == 0 ? null : Volatile.Read(ref items)[number - 1];
        }
    }
}
