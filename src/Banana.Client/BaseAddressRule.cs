using System;
using System.Net;

namespace Banana.Client
{
    /// <summary>What is wrong with a service address, by <see cref="BaseAddressRule.Check"/>.</summary>
    public enum BaseAddressProblem
    {
        None,

        /// <summary>Not an absolute http(s) address.</summary>
        NotHttp,

        /// <summary>Plain http to a host that is not this machine: the key would cross a network unencrypted.</summary>
        PlainHttpToRemoteHost,
    }

    /// <summary>
    /// The one rule for where the key may be sent: https anywhere, plain http only to a loopback address (a local
    /// emulator). The client enforces it; hosts ask it first to phrase their own error.
    /// </summary>
    public static class BaseAddressRule
    {
        public static BaseAddressProblem Check(Uri? address)
        {
            if (address is null || !address.IsAbsoluteUri || (address.Scheme != Uri.UriSchemeHttps && address.Scheme != Uri.UriSchemeHttp))
            {
                return BaseAddressProblem.NotHttp;
            }

            return address.Scheme == Uri.UriSchemeHttp && !IsLoopback(address) ? BaseAddressProblem.PlainHttpToRemoteHost : BaseAddressProblem.None;
        }

        /// <summary>True for addresses that never leave the machine, the only ones the key may travel to without TLS.</summary>
        public static bool IsLoopback(Uri address)
            => address is not null && (address.IsLoopback
                || (IPAddress.TryParse(address.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip)));
    }
}
