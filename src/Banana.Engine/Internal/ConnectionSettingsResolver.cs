using System;
using System.Collections.Generic;
using System.IO;

namespace Banana.Engine
{
    /// <summary>
    /// Finds the keys, base address and API in the documented order (explicit, environment, <c>.env</c>), so that every
    /// cmdlet resolves them the same way. See <see cref="ConnectionSettings.Resolve"/>.
    /// </summary>
    internal static class ConnectionSettingsResolver
    {
        public const string ApiKeyVariable = "GRSAI_API_KEY";
        public const string BackupKeysVariable = "GRSAI_BACKUP_KEYS";
        public const string BaseUrlVariable = "GRSAI_BASE_URL";
        public const string ApiVariable = "GRSAI_API";
        public const string DotEnvFileName = ".env";

        private static readonly char[] KeySeparators = { ',', ';', '\r', '\n' };

        public static ConnectionSettings Resolve(
            IReadOnlyList<string>? explicitKeys,
            Uri? explicitBaseUri,
            Banana.Client.GrsaiApi? explicitApi,
            string workingDirectory,
            Func<string, string?> getEnvironmentVariable,
            HostWording wording)
        {
            if (getEnvironmentVariable is null)
            {
                throw new ArgumentNullException(nameof(getEnvironmentVariable));
            }

            IReadOnlyDictionary<string, string>? dotEnv = null;
            string? Lookup(string name)
            {
                var fromEnvironment = getEnvironmentVariable(name);
                if (!string.IsNullOrWhiteSpace(fromEnvironment))
                {
                    return fromEnvironment;
                }

                dotEnv ??= DotEnvFile.Read(Path.Combine(workingDirectory ?? string.Empty, DotEnvFileName));
                return dotEnv.TryGetValue(name, out var fromFile) && !string.IsNullOrWhiteSpace(fromFile) ? fromFile : null;
            }

            var keys = new List<string>();
            if (explicitKeys is not null)
            {
                foreach (var key in explicitKeys)
                {
                    AddKeys(keys, key);
                }
            }

            if (keys.Count == 0)
            {
                AddKeys(keys, Lookup(ApiKeyVariable));
                AddKeys(keys, Lookup(BackupKeysVariable));
            }

            if (keys.Count == 0)
            {
                throw MissingKey(wording);
            }

            var baseUri = explicitBaseUri ?? ParseBaseUri(Lookup(BaseUrlVariable)) ?? Banana.Client.GrsaiClientOptions.DefaultBaseUri;
            EnsureSafe(baseUri);
            var api = explicitApi ?? ParseApi(Lookup(ApiVariable)) ?? Banana.Client.GrsaiApi.Draw;
            return new ConnectionSettings(keys, baseUri, api);
        }

        /// <summary>The error for "no key anywhere", saying the three ways to give one.</summary>
        public static BananaException MissingKey(HostWording wording)
            => new BananaException(
                "ApiKeyMissing",
                BananaErrorKind.NoUsableKey,
                $"No grsai API key was found. Pass {wording.ApiKey} 'sk-...', set {wording.ApiKeyVariable} = 'sk-...', "
                + "or add a line GRSAI_API_KEY=sk-... to a .env file in the current folder.");

        private static void AddKeys(List<string> keys, string? text)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return;
            }

            foreach (var part in text!.Split(KeySeparators, StringSplitOptions.RemoveEmptyEntries))
            {
                var key = part.Trim().Trim('"', '\'');
                if (key.Length > 0 && !keys.Contains(key))
                {
                    keys.Add(key);
                }
            }
        }

        private static Uri? ParseBaseUri(string? text)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return null;
            }

            if (!Uri.TryCreate(text!.Trim(), UriKind.Absolute, out var uri))
            {
                throw new BananaException(
                    "InvalidBaseUri",
                    BananaErrorKind.InvalidInput,
                    $"{BaseUrlVariable} is not an absolute address: '{text}'. Use for example https://grsai.dakka.com.cn.");
            }

            return uri;
        }

        private static Banana.Client.GrsaiApi? ParseApi(string? text)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return null;
            }

            switch (text!.Trim().Trim('"', '\'').ToUpperInvariant())
            {
                case "DRAW":
                    return Banana.Client.GrsaiApi.Draw;
                case "GENERATE":
                    return Banana.Client.GrsaiApi.Generate;
                default:
                    throw new BananaException(
                        "InvalidApi",
                        BananaErrorKind.InvalidInput,
                        $"{ApiVariable} is '{text}', which names no grsai API. Use {ApiVariable}=draw (/v1/draw/nano-banana, the default) "
                        + $"or {ApiVariable}=generate (/v1/api/generate), or remove it.");
            }
        }

        private static void EnsureSafe(Uri baseUri)
        {
            var problem = Banana.Client.BaseAddressRule.Check(baseUri);
            if (problem == Banana.Client.BaseAddressProblem.NotHttp)
            {
                throw new BananaException(
                    "InvalidBaseUri",
                    BananaErrorKind.InvalidInput,
                    $"The base address '{baseUri}' is not an http(s) address. Use for example https://grsai.dakka.com.cn.",
                    baseUri);
            }

            if (problem == Banana.Client.BaseAddressProblem.PlainHttpToRemoteHost)
            {
                throw new BananaException(
                    "InsecureBaseUri",
                    BananaErrorKind.Insecure,
                    $"Refusing to send the API key over plain http to {baseUri.Host}. Use an https:// address "
                    + "(plain http is allowed only for loopback addresses such as a local emulator).",
                    baseUri);
            }
        }
    }
}
