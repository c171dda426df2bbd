using System;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Banana.Client.Http;
using Banana.Shared;

namespace Banana.Client.Upload
{
    /// <summary>Fetches an uploaded image's URL (no key: it is a public file host) and compares length and SHA-256.</summary>
    internal sealed class UploadVerifier
    {
        private readonly ResilientHttp http;

        public UploadVerifier(ResilientHttp http) => this.http = http;

        public async Task<UploadVerification> VerifyAsync(UploadedImage image, CancellationToken cancellationToken)
        {
            if (image is null)
            {
                throw new ArgumentNullException(nameof(image));
            }

            if (image.Method == UploadMethod.DataUri || image.Url.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
            {
                var bytes = DataUriEncoder.Decode(image.Url);
                return bytes is null
                    ? new UploadVerification(Shorten(image.Url), false, 0, null)
                    : Compare(image, Shorten(image.Url), bytes.LongLength, FileDigest.ToHex(Sha256(bytes)));
            }

            var url = new Uri(image.Url, UriKind.Absolute);
            var served = await http.ExecuteAsync<FileDigest?>(
                "verify upload",
                async attempt =>
                {
                    using var response = await http.Client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, attempt.Timed)
                        .ConfigureAwait(false);
                    if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone)
                    {
                        return null;
                    }

                    if (RetryableStatusException.IsRetryable(response.StatusCode))
                    {
                        throw new RetryableStatusException(response.StatusCode, HttpBody.RetryAfter(response), string.Empty);
                    }

                    if (!response.IsSuccessStatusCode)
                    {
                        throw new GrsaiRequestRejectedException(
                            $"verify upload: {image.Url} answered HTTP {(int)response.StatusCode}.") { StatusCode = response.StatusCode };
                    }

                    using var abort = attempt.Timed.Register(static state => ((IDisposable)state!).Dispose(), response);
                    var body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
                    return await FileDigest.OfStreamAsync(body, image.Bytes, attempt.Timed).ConfigureAwait(false);
                },
                cancellationToken).ConfigureAwait(false);

            return served is null
                ? new UploadVerification(image.Url, false, 0, null)
                : Compare(image, image.Url, served.Length, served.Sha256);
        }

        private static UploadVerification Compare(UploadedImage image, string url, long servedBytes, string servedSha256)
            => new UploadVerification(
                url,
                servedBytes == image.Bytes && string.Equals(servedSha256, image.Sha256, StringComparison.OrdinalIgnoreCase),
                servedBytes,
                servedSha256);

        private static byte[] Sha256(byte[] bytes)
        {
            using var sha = System.Security.Cryptography.SHA256.Create();
            return sha.ComputeHash(bytes);
        }

        /// <summary>A data URI is the whole image: report its head only.</summary>
        private static string Shorten(string url) => url.Length <= 64 ? url : url.Substring(0, 64) + "...";
    }
}
