namespace Banana.Client
{
    /// <summary>What kind of transient fault made the client try again (see <see cref="RetryNotice"/>).</summary>
    public enum TransientFaultKind
    {
        /// <summary>None of the kinds below.</summary>
        Other,

        /// <summary>HTTP 429: the service asks for fewer requests.</summary>
        RateLimited,

        /// <summary>HTTP 408 or 5xx: the service is busy or failing for now.</summary>
        ServerError,

        /// <summary>An attempt outlived its timeout, or a body went idle.</summary>
        TimedOut,

        /// <summary>The connection failed or was dropped before a whole answer came.</summary>
        ConnectionFailed,

        /// <summary>A download's bytes were not a whole image.</summary>
        BrokenDownload,
    }
}
