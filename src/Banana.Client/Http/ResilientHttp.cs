using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Polly;

namespace Banana.Client.Http
{
    /// <summary>The tokens of one attempt: <see cref="Timed"/> also fires after the per-attempt timeout.</summary>
    internal readonly struct HttpAttempt
    {
        public HttpAttempt(CancellationToken timed, CancellationToken caller)
        {
            Timed = timed;
            Caller = caller;
        }

        /// <summary>Use for sending and for small bodies: bounded by <see cref="GrsaiClientOptions.AttemptTimeout"/>.</summary>
        public CancellationToken Timed { get; }

        /// <summary>Use for large bodies that are guarded by an <see cref="IdleWatchdog"/> instead.</summary>
        public CancellationToken Caller { get; }
    }

    /// <summary>
    /// Runs an HTTP exchange under the retry pipeline. Each attempt is a fresh delegate call, so it builds a
    /// fresh request (a sent request and its content stream cannot be sent again).
    /// </summary>
    internal sealed class ResilientHttp
    {
        private readonly ResiliencePipeline pipeline;
        private readonly GrsaiClientOptions options;
        private readonly ClientLog log;

        public ResilientHttp(GrsaiClientOptions options, HttpClient client, ClientLog log)
        {
            this.options = options;
            this.log = log;
            Client = client;
            pipeline = ResiliencePipelineFactory.Create(options, log);
        }

        public HttpClient Client { get; }

        public KeyRedactor Redactor => log.Redactor;

        public async Task<T> ExecuteAsync<T>(
            string operation, Func<HttpAttempt, Task<T>> attempt, CancellationToken cancellationToken)
        {
            var context = ResilienceContextPool.Shared.Get(operation, cancellationToken);
            try
            {
                return await pipeline.ExecuteAsync(
                    static (ctx, state) => new ValueTask<T>(state.Self.RunAttemptAsync(state.Attempt, ctx.CancellationToken)),
                    context,
                    (Self: this, Attempt: attempt)).ConfigureAwait(false);
            }
            catch (Exception fault) when (TransientFaults.IsTransient(fault, cancellationToken))
            {
                throw TransientFaults.ToFinalException(operation, Math.Max(0, options.MaxRetries) + 1, fault, log.Redactor);
            }
            finally
            {
                ResilienceContextPool.Shared.Return(context);
            }
        }

        private async Task<T> RunAttemptAsync<T>(Func<HttpAttempt, Task<T>> attempt, CancellationToken callerToken)
        {
            using var timer = CancellationTokenSource.CreateLinkedTokenSource(callerToken);
            timer.CancelAfter(options.AttemptTimeout);
            try
            {
                return await attempt(new HttpAttempt(timer.Token, callerToken)).ConfigureAwait(false);
            }
            catch (Exception fault) when (fault is not GrsaiException && callerToken.IsCancellationRequested)
            {
                // A read aborted by disposal surfaces as ObjectDisposedException or IOException: say what it was.
                if (fault is OperationCanceledException)
                {
                    throw;
                }

                throw new OperationCanceledException("The operation was cancelled.", fault, callerToken);
            }
            catch (Exception fault) when (fault is not GrsaiException && timer.IsCancellationRequested)
            {
                throw new AttemptTimedOutException(
                    $"no answer within {options.AttemptTimeout.TotalSeconds:0.###} s", fault);
            }
        }
    }
}
