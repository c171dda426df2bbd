using System;
using System.Collections.Generic;

namespace Banana.Engine.Manifest
{
    /// <summary>
    /// One string for each value the manifest's rows repeat (a photo's path, hash and upload URL; the prompt; the
    /// model), while a <see cref="Sharing"/> scope is open on the thread. A 50,000-job manifest names each photo a
    /// hundred times: read as separate strings, they were about half of what the rows kept in memory.
    /// </summary>
    internal static class SharedStrings
    {
        // Per thread: a manifest is read synchronously on one thread, and tests read manifests side by side.
        [ThreadStatic]
        private static Dictionary<string, string>? shared;

        /// <summary>Shares repeated values until disposed; outside a scope every value stays its own string.</summary>
        public static IDisposable Sharing() => new Scope();

        public static string? Share(string? value)
        {
            var pool = shared;
            if (value is null || pool is null)
            {
                return value;
            }

            if (pool.TryGetValue(value, out var same))
            {
                return same;
            }

            pool[value] = value;
            return value;
        }

        private sealed class Scope : IDisposable
        {
            private readonly Dictionary<string, string>? outer = shared;

            public Scope() => shared = new Dictionary<string, string>(StringComparer.Ordinal);

            public void Dispose() => shared = outer;
        }
    }
}
