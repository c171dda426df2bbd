using System;
using System.Threading.Tasks;
using Polly;
using Polly.Retry;

namespace Banana.Client.Http
{
    /// <summary>
    /// The retry policy of docs/protocol.md#http-behaviour: transient faults (408, 429, 5xx, resets, attempt timeouts)
    /// are retried with exponential backoff and jitter, honouring Retry-After; everything else is final.
    /// </summary>
    internal static class ResiliencePipelineFactory
    {
        public static ResiliencePipeline Create(GrsaiClientOptions options, ClientLog log)
        {
            if (options.MaxRetries <= 0)
            {
                return ResiliencePipeline.Empty;
            }

            var retry = new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.MaxRetryDelay,
                ShouldHandle = args => new ValueTask<bool>(
                    TransientFaults.IsTransient(args.Outcome.Exception, args.Context.CancellationToken)),
                DelayGenerator = args => new ValueTask<TimeSpan?>(RetryAfterDelay(args.Outcome.Exception, options.MaxRetryDelay)),
                OnRetry = args =>
                {
                    var fault = args.Outcome.Exception is { } exception
                        ? TransientFaults.Describe(exception, log.Redactor)
                        : "unknown fault";
                    var attempt = args.AttemptNumber + 1;
                    var operation = args.Context.OperationKey ?? "request";
                    log.Write($"{operation}: {fault}; retry {attempt} of {options.MaxRetries} in {args.RetryDelay.TotalSeconds:0.###} s.");
                    options.OnRetry?.Invoke(new RetryNotice(operation, attempt, fault, args.RetryDelay)
                    {
                        Kind = TransientFaults.Classify(args.Outcome.Exception),
                        StatusCode = (args.Outcome.Exception as RetryableStatusException)?.Status,
                    });
                    return default;
                },
            };

            return new ResiliencePipelineBuilder { TimeProvider = options.TimeProvider }.AddRetry(retry).Build();
        }

        /// <summary>The server's own Retry-After wins over the backoff, but never beyond the configured cap.</summary>
        private static TimeSpan? RetryAfterDelay(Exception? fault, TimeSpan cap)
            => fault is RetryableStatusException { RetryAfter: { } wait } ? (wait < cap ? wait : cap) : null;
    }
}
