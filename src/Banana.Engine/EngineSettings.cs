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
        /// <see cref="GrsaiClientOptions.BaseUri"/>, <see cref="GrsaiClientOptions.Api"/> (from <see cref="Connection"/>),
        /// <see cref="GrsaiClientOptions.Log"/> and <see cref="GrsaiClientOptions.OnRetry"/> are the engine's to set and are
        /// ignored here. <see cref="GrsaiClientOptions.SubmitMode"/> is honoured: submit-then-poll by default.
        /// </summary>
        public GrsaiClientOptions ClientTuning { get; set; } = new GrsaiClientOptions();

        /// <summary>
        /// For tests and benchmarks against the emulator only: every wait the clients choose (first poll, poll interval,
        /// poll pacing, retry backoff, deadlines) runs on a clock this many times as fast as real time (0.01: a 15 s wait
        /// takes 0.15 s), so a batch of emulated tasks keeps the real service's ratios without its minutes. 1 (the real
        /// clock) unless set; values outside (0, 1) mean 1. Never set it against the real service.
        /// </summary>
        public double ClientClockScale { get; set; } = 1;

        /// <summary>How the host's user names the settings the engine's advice refers to.</summary>
        public HostWording Wording { get; set; } = HostWording.Neutral;

        /// <summary>Where batch manifests are written: the disk, or in tests a layer that fails like a full one.</summary>
        internal Manifest.ManifestStorage ManifestStorage { get; set; } = Manifest.ManifestStorage.Disk;
    }
}
