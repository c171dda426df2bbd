using System;
using Banana.Client;

namespace Banana.Engine.Execution
{
    /// <summary>One API key's client and its generation budget. Named by position only: the key itself is never shown.</summary>
    internal sealed class KeySlot
    {
        private readonly Lazy<IGrsaiClient>? otherApi;

        public KeySlot(int number, IGrsaiClient client, AdaptiveConcurrency concurrency)
            : this(number, client, GrsaiApi.Draw, null, concurrency)
        {
        }

        /// <param name="api">The API <paramref name="client"/> speaks: the one new tasks are submitted with.</param>
        /// <param name="otherApiClient">Builds this key's client for the other API, for tasks an earlier run recorded there.</param>
        public KeySlot(int number, IGrsaiClient client, GrsaiApi api, Func<IGrsaiClient>? otherApiClient, AdaptiveConcurrency concurrency)
        {
            Number = number;
            Client = client;
            Api = api;
            otherApi = otherApiClient is null ? null : new Lazy<IGrsaiClient>(otherApiClient);
            Concurrency = concurrency;
        }

        /// <summary>1-based position among the batch's keys, as recorded in the manifest and shown in warnings.</summary>
        public int Number { get; }

        /// <summary>The client new tasks are submitted with, speaking <see cref="Api"/>.</summary>
        public IGrsaiClient Client { get; }

        public GrsaiApi Api { get; }

        public string Name => "key #" + Number.ToString(System.Globalization.CultureInfo.InvariantCulture);

        /// <summary>
        /// This key's client for <paramref name="api"/>: each API polls only its own tasks, so a task an earlier run
        /// submitted on the other API is polled there (built on first use), never taken for expired and paid again.
        /// </summary>
        public IGrsaiClient ClientFor(GrsaiApi api) => api == Api || otherApi is null ? Client : otherApi.Value;

        // Guarded by KeyPool's lock.
        internal AdaptiveConcurrency Concurrency { get; }
        internal int InUse { get; set; }
        internal GrsaiException? RetiredBecause { get; set; }
        internal bool Retired => RetiredBecause is not null;
    }
}
