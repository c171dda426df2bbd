using System;
using System.Linq;
using Banana.Client.Http;

namespace Banana.Client.Upload
{
    /// <summary>
    /// The addresses an upload token names: where to send the bytes, and where they can be seen afterwards. Both come
    /// from the service and are checked before anything is sent or recorded: an address that is not http(s) on a
    /// public host (or this machine) is refused with <see cref="GrsaiUploadAddressRefusedException"/>.
    /// </summary>
    internal static class StorageAddress
    {
        /// <summary><c>{domain}/{key}</c>, adding https:// when the domain has no scheme and trimming a trailing '/'.</summary>
        public static string PublicUrl(string domain, string key)
        {
            var text = $"{WithScheme(domain).TrimEnd('/')}/{key.TrimStart('/')}";
            Require(text, "the public address of uploads ('domain')", domain);
            return text;
        }

        /// <summary>The storage host's upload address as an absolute http(s) URI.</summary>
        public static Uri UploadUri(string url) => Require(WithScheme(url), "the upload address ('url')", url);

        private static Uri Require(string text, string what, string asSent)
        {
            Uri.TryCreate(text, UriKind.Absolute, out var uri);
            var why = uri is null ? "it is not an address" : PublicAddress.Refusal(uri);
            if (why is null)
            {
                return uri!;
            }

            throw new GrsaiUploadAddressRefusedException(
                $"The service's upload token named '{Printable(asSent)}' as {what}, which is unusable: {why}. Nothing was uploaded "
                + "or recorded; this is the service's answer, not your file: try again later, or send the image inline (Send-BananaImage -Method DataUri, Start-BananaBatch -UploadMethod DataUri).");
        }

        /// <summary>At most 100 characters, control characters shown as '?': the text is the service's, not ours.</summary>
        private static string Printable(string text)
        {
            var clean = new string(text.Select(c => char.IsControl(c) ? '?' : c).ToArray());
            return clean.Length <= 100 ? clean : clean.Substring(0, 100) + "...";
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
