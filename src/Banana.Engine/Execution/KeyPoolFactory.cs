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

            var pool = new KeyPool(observer, EngineClock(settings));
            foreach (var key in keys)
            {
                KeySlot? slot = null;
                GrsaiClientOptions OptionsFor(GrsaiApi api)
                {
                    var options = ClientOptionsFor(settings, key, api, concurrencyPerKey);
                    options.OnRetry = notice =>
                    {
                        progress.RetryMade();
                        if (slot is not null && notice.Kind == TransientFaultKind.RateLimited)
                        {
                            pool.RecordThrottle(slot);
                        }
                    };
                    options.Log = line => observer.Verbose((slot is null ? string.Empty : slot.Name + ": ") + line);
                    return options;
                }

                var api = settings.Connection.Api;
                var other = api == GrsaiApi.Draw ? GrsaiApi.Generate : GrsaiApi.Draw;
                slot = pool.Add(clientFactory(OptionsFor(api)), api, () => clientFactory(OptionsFor(other)), concurrencyPerKey);
            }

            return pool;
        }

        /// <summary>
        /// The host's tuning for one key and API. The API comes from the connection (resolved like the address, from
        /// -Api, GRSAI_API or .env), not from the tuning; the submit mode is the tuning's: submit-then-poll unless the
        /// host asked for streams.
        /// </summary>
        private static GrsaiClientOptions ClientOptionsFor(EngineSettings settings, string key, GrsaiApi api, int concurrencyPerKey)
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
                Api = api,
                SubmitMode = tuning.SubmitMode,
                MaxFirstPollDelay = tuning.MaxFirstPollDelay,
                // A task nearing its end is polled about once a second, and tasks submitted together finish together: at
                // the 2-a-second default, five of them would wait their turns for 2.5 s (a batch of 20 s tasks 6 % late
                // for nothing). Two a second per task the key may have in flight spreads such a burst over half a second;
                // the average stays about one a second per task near its end. A Retry-After still holds every poll back.
                MaxPollsPerSecond = Math.Max(tuning.MaxPollsPerSecond, 2.0 * concurrencyPerKey),
                TimeProvider = EngineClock(settings),
                // A result is decoded whole before it is saved: garbage the structure does not show is not a success.
                ResultCheck = Imaging.ResultDecoding.Defect,
            };
        }

        /// <summary>The clock every wait of a batch runs on, client and engine alike (scaled only in the test suites).</summary>
        private static TimeProvider EngineClock(EngineSettings settings)
        {
            var clock = settings.ClientTuning.TimeProvider;
            return settings.ClientClockScale > 0 && settings.ClientClockScale < 1 ? new ScaledTimeProvider(clock, settings.ClientClockScale) : clock;
        }
    }
}
