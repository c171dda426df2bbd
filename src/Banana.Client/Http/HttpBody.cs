using System;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Banana.Client.Http
{
    /// <summary>Reads small answers (JSON, error pages) with a size cap and a working cancellation.</summary>
    internal static class HttpBody
    {
        /// <summary>Plenty for any JSON answer of this API; more means something is wrong.</summary>
        public const int MaxJsonBytes = 4 * 1024 * 1024;

        /// <summary>Error pages are read only this far: enough for the message, never a whole HTML site.</summary>
        public const int MaxErrorBytes = 64 * 1024;

        /// <summary>Reads the body as UTF-8; with <paramref name="truncate"/> false a body over the cap is a protocol error.</summary>
        public static async Task<string> ReadTextAsync(
            HttpResponseMessage response, int maxBytes, bool truncate, CancellationToken cancellationToken)
        {
            // Disposing the response is what unblocks a read on .NET Framework, where the token is ignored.
            using var abort = cancellationToken.Register(static state => ((IDisposable)state!).Dispose(), response);
            var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
            using var collected = new MemoryStream();
            var buffer = new byte[16 * 1024];
            while (true)
            {
                var read = await stream.ReadAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                var room = maxBytes - (int)collected.Length;
                if (read > room)
                {
                    if (!truncate)
                    {
                        throw new GrsaiProtocolException($"The service's answer is larger than {maxBytes} bytes.");
                    }

                    collected.Write(buffer, 0, room);
                    break;
                }

                collected.Write(buffer, 0, read);
            }

            return Encoding.UTF8.GetString(collected.GetBuffer(), 0, (int)collected.Length).TrimStart('\uFEFF');
        }

        /// <summary>Retry-After as a delay: either seconds or an HTTP date.</summary>
        public static TimeSpan? RetryAfter(HttpResponseMessage response)
        {
            var header = response.Headers.RetryAfter;
            if (header?.Delta is { } delta)
            {
                return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
            }

            if (header?.Date is { } date)
            {
                var wait = date - DateTimeOffset.UtcNow;
                return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
            }

            return null;
        }

        /// <summary>The first line of an error body, shortened: enough to say why without dumping a page.</summary>
        public static string Excerpt(string body, int maxChars = 300)
        {
            var text = body.Trim();
            return text.Length <= maxChars ? text : text.Substring(0, maxChars) + "...";
        }
    }
}
