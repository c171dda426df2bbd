using System;
using Banana.Client;

namespace Banana.Engine.Execution
{
    /// <summary>
    /// The one place a key's client options are assembled: the host's tuning, the address, the key, and the hooks that
    /// count retries, lower a rate-limited key's concurrency and label the client's log with its key.
    /// </summary>
    internal static class KeyPoolFactory
    {
        public static KeyPool Create(
            EngineSettings settings,
            Func<GrsaiClientOptions, IGrsaiClient> clientFactory,
            IBatchObserver observer,
            ProgressTracker progress,
            int concurrencyPerKey)
        {
            var keys = settings.Connection.ApiKeys;
            if (keys.Count == 0)
            {
                throw ConnectionSettingsResolver.MissingKey(settings.Wording);
            }

            var pool = new KeyPool(observer);
            foreach (var key in keys)
            {
                KeySlot? slot = null;
                var options = ClientOptionsFor(settings, key);
                options.OnRetry = notice =>
                {
                    progress.RetryMade();
                    if (slot is not null && notice.Kind == TransientFaultKind.RateLimited)
                    {
                        pool.RecordThrottle(slot);
                    }
                };
                options.Log = line => observer.Verbose((slot is null ? string.Empty : slot.Name + ": ") + line);
                slot = pool.Add(clientFactory(options), concurrencyPerKey);
            }

            return pool;
        }

        private static GrsaiClientOptions ClientOptionsFor(EngineSettings settings, string key)
        {
            var tuning = settings.ClientTuning;
            return new GrsaiClientOptions
            {
                BaseUri = settings.Connection.BaseUri,
                ApiKey = key,
                MaxRetries = tuning.MaxRetries,
                RetryBaseDelay = tuning.RetryBaseDelay,
                MaxRetryDelay = tuning.MaxRetryDelay,
                AttemptTimeout = tuning.AttemptTimeout,
                StreamIdleTimeout = tuning.StreamIdleTimeout,
                PollInterval = tuning.PollInterval,
                TaskDeadline = tuning.TaskDeadline,
                NotFoundGrace = tuning.NotFoundGrace,
                MaxDownloadBytes = tuning.MaxDownloadBytes,
                MaxDataUriBytes = tuning.MaxDataUriBytes,
                Api = tuning.Api,
                MaxFirstPollDelay = tuning.MaxFirstPollDelay,
                MaxPollsPerSecond = tuning.MaxPollsPerSecond,
                TimeProvider = tuning.TimeProvider,

                // Stream until the engine chooses the submit mode itself (the client's default is submit-then-poll).
                SubmitMode = SubmitMode.Stream,
            };
        }
    }
}
