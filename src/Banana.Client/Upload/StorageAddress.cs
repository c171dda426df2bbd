using System;

namespace Banana.Client.Upload
{
    /// <summary>The addresses an upload token names: where to send the bytes, and where they can be seen afterwards.</summary>
    internal static class StorageAddress
    {
        /// <summary><c>{domain}/{key}</c>, adding https:// when the domain has no scheme and trimming a trailing '/'.</summary>
        public static string PublicUrl(string domain, string key)
            => $"{WithScheme(domain).TrimEnd('/')}/{key.TrimStart('/')}";

        /// <summary>The storage host's upload address as an absolute http(s) URI.</summary>
        public static Uri UploadUri(string url)
        {
            if (Uri.TryCreate(WithScheme(url), UriKind.Absolute, out var uri)
                && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
            {
                return uri;
            }

            throw new GrsaiProtocolException($"The upload token names an unusable upload address '{url}'.");
        }

        private static string WithScheme(string address)
        {
            var trimmed = address.Trim();
            if (trimmed.StartsWith("//", StringComparison.Ordinal))
            {
                return "https:" + trimmed;
            }

            return trimmed.IndexOf("://", StringComparison.Ordinal) >= 0 ? trimmed : "https://" + trimmed;
        }
    }
}
