using Banana.Client;

namespace Banana.Engine.Execution
{
    /// <summary>One API key's client and its generation budget. Named by position only: the key itself is never shown.</summary>
    internal sealed class KeySlot
    {
        public KeySlot(int number, IGrsaiClient client, AdaptiveConcurrency concurrency)
        {
            Number = number;
            Client = client;
            Concurrency = concurrency;
        }

        /// <summary>1-based position among the batch's keys, as recorded in the manifest and shown in warnings.</summary>
        public int Number { get; }

        public IGrsaiClient Client { get; }

        public string Name => "key #" + Number.ToString(System.Globalization.CultureInfo.InvariantCulture);

        // Guarded by KeyPool's lock.
        internal AdaptiveConcurrency Concurrency { get; }
        internal int InUse { get; set; }
        internal GrsaiException? RetiredBecause { get; set; }
        internal bool Retired => RetiredBecause is not null;
    }
}
