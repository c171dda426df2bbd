using Banana.Client;

namespace Banana.Engine
{
    /// <summary>
    /// What a <c>BananaEngine</c> is created from, resolved by the host before anything runs: the keys and the
    /// service address, and the tuning every key's client gets (retries, timeouts, polling).
    /// </summary>
    public sealed class EngineSettings
    {
        /// <summary>Keys and address; <see cref="ConnectionSettings.Resolve"/> builds it.</summary>
        public ConnectionSettings Connection { get; set; } = ConnectionSettings.Empty;

        /// <summary>
        /// Client tuning applied to every key's client. Its <see cref="GrsaiClientOptions.ApiKey"/>,
        /// <see cref="GrsaiClientOptions.BaseUri"/>, <see cref="GrsaiClientOptions.Log"/> and
        /// <see cref="GrsaiClientOptions.OnRetry"/> are the engine's to set and are ignored here.
        /// </summary>
        public GrsaiClientOptions ClientTuning { get; set; } = new GrsaiClientOptions();

        /// <summary>How the host's user names the settings the engine's advice refers to.</summary>
        public HostWording Wording { get; set; } = HostWording.Neutral;

        /// <summary>Where batch manifests are written: the disk, or in tests a layer that fails like a full one.</summary>
        internal Manifest.ManifestStorage ManifestStorage { get; set; } = Manifest.ManifestStorage.Disk;
    }
}
