using System;
using Banana.Client;

namespace Banana.PowerShell
{
    /// <summary>The remaining credits of one key, named by its position ("key #1"), never by its value.</summary>
    public sealed class CreditBalance
    {
        internal CreditBalance(string key, long credits, Uri baseUri)
        {
            Key = key;
            Credits = credits;
            BaseUri = baseUri;
            FastImages = credits / (ModelCatalog.CostPerImage(ModelCatalog.DefaultModel) ?? 1);
        }

        public string Key { get; }
        public long Credits { get; }

        /// <summary>How many images of the default model (nano-banana-fast) the balance pays for, at its reported cost.</summary>
        public long FastImages { get; }

        public Uri BaseUri { get; }

        public override string ToString() => $"{Key}: {Credits} credits";
    }
}
