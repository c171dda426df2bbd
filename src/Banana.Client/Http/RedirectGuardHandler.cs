using System;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Banana.Client.Http
{
    /// <summary>
    /// Follows redirects itself, in place of the HTTP stack's automatic following, which re-posts a 307/308 body
    /// (the credits call's <c>{"apiKey"}</c>) to any host. A request that carries the key (it has an Authorization
    /// header) follows only redirects within its own scheme, host and port, and fails with
    /// <see cref="GrsaiRedirectRefusedException"/> otherwise. A keyless GET (result and upload files) follows
    /// redirects to any address <see cref="PublicAddress"/> allows. Other keyless requests (storage uploads,
    /// whose file stream cannot be sent twice) get the redirect answer back as it is.
    /// </summary>
    internal sealed class RedirectGuardHandler : DelegatingHandler
    {
        public const int MaxRedirects = 5;

        public RedirectGuardHandler(HttpMessageHandler inner) : base(inner) { }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var carriesKey = request.Headers.Authorization is not null;
            var current = request;
            for (var hop = 0; ; hop++)
            {
                var response = await base.SendAsync(current, cancellationToken).ConfigureAwait(false);
                var target = RedirectTarget(current, response);
                if (target is null || (!carriesKey && request.Method != HttpMethod.Get))
                {
                    return response;
                }

                response.Dispose();
                var from = current.RequestUri!;
                if (carriesKey && !SameOrigin(from, target))
                {
                    throw new GrsaiRedirectRefusedException(
                        $"The service at {Origin(from)} answered HTTP {(int)response.StatusCode}, redirecting to {Origin(target)}; "
                        + $"the API key is only ever sent to {Origin(from)}, so the request was not repeated there. If the service "
                        + "has moved, set -BaseUri (or GRSAI_BASE_URL) to its new https address.")
                    {
                        StatusCode = response.StatusCode,
                    };
                }

                if (!carriesKey && PublicAddress.Refusal(target) is { } why)
                {
                    throw new GrsaiResultUrlRefusedException(
                        $"{PublicAddress.Describe(from)} redirected to {PublicAddress.Describe(target)}, which was not fetched: {why}.")
                    {
                        StatusCode = response.StatusCode,
                    };
                }

                if (hop >= MaxRedirects)
                {
                    throw new GrsaiProtocolException(
                        $"{PublicAddress.Describe(request.RequestUri)} redirected more than {MaxRedirects} times; giving up.");
                }

                current = await FollowAsync(current, target, response.StatusCode).ConfigureAwait(false);
            }
        }

        private static Uri? RedirectTarget(HttpRequestMessage request, HttpResponseMessage response)
        {
            var status = (int)response.StatusCode;
            if (status is not (301 or 302 or 303 or 307 or 308) || response.Headers.Location is not { } location)
            {
                return null;
            }

            return location.IsAbsoluteUri ? location : new Uri(request.RequestUri!, location);
        }

        /// <summary>The same request to the new address; a 303 asks for a GET without body, as HTTP says.</summary>
        private static async Task<HttpRequestMessage> FollowAsync(HttpRequestMessage previous, Uri target, HttpStatusCode status)
        {
            var seeOther = status == HttpStatusCode.SeeOther;
            var next = new HttpRequestMessage(seeOther ? HttpMethod.Get : previous.Method, target) { Version = previous.Version };
            foreach (var header in previous.Headers)
            {
                next.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            if (!seeOther && previous.Content is { } content)
            {
                // Only keyed API calls get here with a body: small JSON, buffered by StringContent and readable again.
                var copy = new ByteArrayContent(await content.ReadAsByteArrayAsync().ConfigureAwait(false));
                foreach (var header in content.Headers)
                {
                    copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }

                next.Content = copy;
            }

            return next;
        }

        private static bool SameOrigin(Uri a, Uri b)
            => string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
                && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase)
                && a.Port == b.Port;

        private static string Origin(Uri address) => address.IsAbsoluteUri ? address.GetLeftPart(UriPartial.Authority) : address.OriginalString;
    }
}
