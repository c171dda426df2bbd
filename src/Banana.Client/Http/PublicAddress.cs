using System;
using System.Net;
using System.Net.Sockets;

namespace Banana.Client.Http
{
    /// <summary>
    /// Which addresses the client fetches files from (results, uploaded images, redirects of those): absolute http(s)
    /// on a public host, or this machine (the emulator). A service answer naming <c>169.254.169.254</c> (cloud
    /// metadata), a private network or a local file must not turn the client into a probe of the user's network.
    /// Host names are judged as written, not resolved: netstandard2.0 offers no hook to check the address a
    /// connection actually reaches, and a lookup per download would only narrow, not close, that gap.
    /// </summary>
    internal static class PublicAddress
    {
        /// <summary>Null when <paramref name="address"/> may be fetched; otherwise why not, in words for an error.</summary>
        public static string? Refusal(Uri? address)
        {
            if (address is null || !address.IsAbsoluteUri)
            {
                return "it is not an absolute address";
            }

            if (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps)
            {
                return $"its scheme '{address.Scheme}:' is not http or https";
            }

            if (address.Host.Length == 0)
            {
                return "it names no host";
            }

            if (address.HostNameType is not (UriHostNameType.IPv4 or UriHostNameType.IPv6)
                || !IPAddress.TryParse(address.Host.Trim('[', ']'), out var ip))
            {
                return null;
            }

            return IPAddress.IsLoopback(ip) || IsPublic(ip) ? null : $"its host {address.Host} is not a public address";
        }

        /// <summary>The address for an error message: scheme, host and path, never a query (signed links carry tokens there).</summary>
        public static string Describe(Uri? address)
        {
            if (address is null)
            {
                return "(none)";
            }

            if (!address.IsAbsoluteUri)
            {
                return Shorten(address.OriginalString);
            }

            return address.Scheme is "http" or "https"
                ? Shorten(address.GetLeftPart(UriPartial.Path))
                : Shorten(address.Scheme + ":" + address.GetComponents(UriComponents.Path, UriFormat.UriEscaped));
        }

        private static string Shorten(string text) => text.Length <= 120 ? text : text.Substring(0, 120) + "...";

        private static bool IsPublic(IPAddress ip)
        {
            if (ip.AddressFamily == AddressFamily.InterNetworkV6 && ip.IsIPv4MappedToIPv6)
            {
                ip = ip.MapToIPv4();
            }

            var b = ip.GetAddressBytes();
            if (ip.AddressFamily == AddressFamily.InterNetwork)
            {
                return !(b[0] == 0                                  // "this network"
                    || b[0] == 10                                   // private
                    || (b[0] == 100 && (b[1] & 0xC0) == 64)         // carrier-grade NAT
                    || (b[0] == 169 && b[1] == 254)                 // link-local, cloud metadata
                    || (b[0] == 172 && (b[1] & 0xF0) == 16)         // private
                    || (b[0] == 192 && b[1] == 168)                 // private
                    || b[0] >= 224);                                // multicast, reserved, broadcast
            }

            return !(ip.IsIPv6LinkLocal || ip.IsIPv6SiteLocal || ip.IsIPv6Multicast
                || (b[0] & 0xFE) == 0xFC                            // unique local fc00::/7
                || ip.Equals(IPAddress.IPv6Any));
        }
    }
}
