using System;

namespace Banana.Client
{
    /// <summary>
    /// The service answered an API call with a redirect to another host or scheme. Never followed: the request
    /// carries the key (header, and the body for credits), which must reach the configured service only.
    /// </summary>
    public sealed class GrsaiRedirectRefusedException : GrsaiException
    {
        public GrsaiRedirectRefusedException(string message, Exception? inner = null) : base(message, inner) { }
        public override string ErrorId => "RedirectRefused";
    }

    /// <summary>
    /// A result address the client will not fetch: not absolute http(s) (file:, data:, relative), or a host that is
    /// link-local, private or otherwise not public (loopback excepted, for the emulator). One job's bad data, not a
    /// fault of the batch.
    /// </summary>
    public sealed class GrsaiResultUrlRefusedException : GrsaiException
    {
        public GrsaiResultUrlRefusedException(string message, Exception? inner = null) : base(message, inner) { }
        public override string ErrorId => "ResultUrlRefused";
    }

    /// <summary>An upload token whose storage address or public domain is not a usable http(s) address.</summary>
    public sealed class GrsaiUploadAddressRefusedException : GrsaiException
    {
        public GrsaiUploadAddressRefusedException(string message, Exception? inner = null) : base(message, inner) { }
        public override string ErrorId => "UploadAddressRefused";
    }
}
