using System.Text.RegularExpressions;

namespace Banana.Client.Http
{
    /// <summary>
    /// Removes the API key from any text before it leaves the client (exception messages, log lines). The service
    /// may echo a request back in an error, so every message it sends passes through here.
    /// </summary>
    internal sealed class KeyRedactor
    {
        public const string Mask = "***";

        // Anything shaped like a grsai key, in case the service echoes a key in another form (or another key).
        private static readonly Regex KeyShaped = new Regex(@"sk-[A-Za-z0-9_\-]{6,}", RegexOptions.CultureInvariant);

        private readonly string key;

        public KeyRedactor(string key) => this.key = key ?? string.Empty;

        public string Redact(string? text)
        {
            if (string.IsNullOrEmpty(text))
            {
                return string.Empty;
            }

            var redacted = key.Length == 0 ? text! : text!.Replace(key, Mask);
            return KeyShaped.Replace(redacted, "sk-" + Mask);
        }
    }
}
