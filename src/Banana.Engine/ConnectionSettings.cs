using System;
using System.Collections.Generic;
using Banana.Client;

namespace Banana.Engine
{
    /// <summary>
    /// The keys, base address and generation API a command uses, resolved in the documented order:
    /// explicit values, then <c>GRSAI_API_KEY</c> / <c>GRSAI_BACKUP_KEYS</c> / <c>GRSAI_BASE_URL</c> / <c>GRSAI_API</c> from the
    /// environment, then the same names in a <c>.env</c> file in the working folder.
    /// </summary>
    public sealed class ConnectionSettings
    {
        public static readonly ConnectionSettings Empty = new ConnectionSettings(Array.Empty<string>(), GrsaiClientOptions.DefaultBaseUri);

        public ConnectionSettings(IReadOnlyList<string> apiKeys, Uri baseUri)
            : this(apiKeys, baseUri, GrsaiApi.Draw)
        {
        }

        public ConnectionSettings(IReadOnlyList<string> apiKeys, Uri baseUri, GrsaiApi api)
        {
            ApiKeys = apiKeys;
            BaseUri = baseUri;
            Api = api;
        }

        /// <summary>Distinct keys, the primary first. Never printed.</summary>
        public IReadOnlyList<string> ApiKeys { get; }

        public Uri BaseUri { get; }

        /// <summary>The generation API new tasks are submitted with (the draw API unless asked otherwise).</summary>
        public GrsaiApi Api { get; }

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
            => ConnectionSettingsResolver.Resolve(explicitKeys, explicitBaseUri, null, workingDirectory, getEnvironmentVariable, wording ?? HostWording.Neutral);

        /// <summary>
        /// As <see cref="Resolve(IReadOnlyList{string}?, Uri?, string, Func{string, string?}, HostWording?)"/>, and the API:
        /// <paramref name="explicitApi"/>, else <c>GRSAI_API</c> (<c>draw</c> or <c>generate</c>, any case), else the draw API.
        /// An unknown <c>GRSAI_API</c> value throws <see cref="BananaException"/> with ErrorId <c>InvalidApi</c>.
        /// </summary>
        public static ConnectionSettings Resolve(
            IReadOnlyList<string>? explicitKeys,
            Uri? explicitBaseUri,
            GrsaiApi? explicitApi,
            string workingDirectory,
            Func<string, string?> getEnvironmentVariable,
            HostWording? wording = null)
            => ConnectionSettingsResolver.Resolve(explicitKeys, explicitBaseUri, explicitApi, workingDirectory, getEnvironmentVariable, wording ?? HostWording.Neutral);

        public override string ToString() => $"{BaseUri} ({ApiKeys.Count} key(s), {Api} API)";
    }
}
