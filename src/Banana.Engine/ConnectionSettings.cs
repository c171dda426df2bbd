using System;
using System.Collections.Generic;

namespace Banana.Engine
{
    /// <summary>
    /// The keys and base address a command uses, resolved in the documented order:
    /// explicit values, then <c>GRSAI_API_KEY</c> / <c>GRSAI_BACKUP_KEYS</c> / <c>GRSAI_BASE_URL</c> from the environment,
    /// then the same names in a <c>.env</c> file in the working folder.
    /// </summary>
    public sealed class ConnectionSettings
    {
        public static readonly ConnectionSettings Empty = new ConnectionSettings(Array.Empty<string>(), Banana.Client.GrsaiClientOptions.DefaultBaseUri);

        public ConnectionSettings(IReadOnlyList<string> apiKeys, Uri baseUri)
        {
            ApiKeys = apiKeys;
            BaseUri = baseUri;
        }

        /// <summary>Distinct keys, the primary first. Never printed.</summary>
        public IReadOnlyList<string> ApiKeys { get; }

        public Uri BaseUri { get; }

        /// <summary>
        /// Resolves keys and address. Throws <see cref="BananaException"/> with ErrorId <c>ApiKeyMissing</c> (and a message
        /// saying how to set one) when no key is found, and <c>InsecureBaseUri</c> when the address is plain http to a
        /// host that is not loopback (the key must not cross a network unencrypted).
        /// </summary>
        public static ConnectionSettings Resolve(
            IReadOnlyList<string>? explicitKeys,
            Uri? explicitBaseUri,
            string workingDirectory,
            Func<string, string?> getEnvironmentVariable,
            HostWording? wording = null)
            => ConnectionSettingsResolver.Resolve(explicitKeys, explicitBaseUri, workingDirectory, getEnvironmentVariable, wording ?? HostWording.Neutral);

        public override string ToString() => $"{BaseUri} ({ApiKeys.Count} key(s))";
    }
}
