using System;
using System.Threading;

namespace Banana.Client.Http
{
    /// <summary>
    /// Breaks a response body that stops sending. A token alone is not enough: on .NET Framework a network
    /// read ignores its token, so the watchdog also disposes the response, which makes the read fail at once.
    /// </summary>
    internal sealed class IdleWatchdog : IDisposable
    {
        private readonly CancellationTokenSource idle;
        private readonly CancellationTokenRegistration abort;
        private readonly CancellationToken callerToken;
        private readonly TimeSpan limit;

        public IdleWatchdog(TimeSpan limit, IDisposable victim, CancellationToken callerToken)
        {
            this.limit = limit;
            this.callerToken = callerToken;
            idle = CancellationTokenSource.CreateLinkedTokenSource(callerToken);
            abort = idle.Token.Register(static state => ((IDisposable)state!).Dispose(), victim);
        }

        /// <summary>Cancelled when the caller cancels or the body stays silent past the limit.</summary>
        public CancellationToken Token => idle.Token;

        /// <summary>True when the watchdog, not the caller, broke the body.</summary>
        public bool Fired => idle.IsCancellationRequested && !callerToken.IsCancellationRequested;

        public TimeSpan Limit => limit;

        /// <summary>Starts the silence clock again; call before each read.</summary>
        public void Rearm() => idle.CancelAfter(limit);

        /// <summary>Stops the clock while the caller itself is busy (silence then is not the server's fault).</summary>
        public void Pause() => idle.CancelAfter(Timeout.InfiniteTimeSpan);

        public void Dispose()
        {
            abort.Dispose();
            idle.Dispose();
        }
    }
}
