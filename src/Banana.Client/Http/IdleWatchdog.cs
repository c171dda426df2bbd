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
        private readonly CancellationTokenSource _idle;
        private readonly CancellationTokenRegistration _abort;
        private readonly CancellationToken _callerToken;
        private readonly TimeSpan _limit;

        public IdleWatchdog(TimeSpan limit, IDisposable victim, CancellationToken callerToken)
        {
            _limit = limit;
            _callerToken = callerToken;
            _idle = CancellationTokenSource.CreateLinkedTokenSource(callerToken);
            _abort = _idle.Token.Register(static state => ((IDisposable)state!).Dispose(), victim);
        }

        /// <summary>Cancelled when the caller cancels or the body stays silent past the limit.</summary>
        public CancellationToken Token => _idle.Token;

        /// <summary>True when the watchdog, not the caller, broke the body.</summary>
        public bool Fired => _idle.IsCancellationRequested && !_callerToken.IsCancellationRequested;

        public TimeSpan Limit => _limit;

        /// <summary>Starts the silence clock again; call before each read.</summary>
        public void Rearm() => _idle.CancelAfter(_limit);

        /// <summary>Stops the clock while the caller itself is busy (silence then is not the server's fault).</summary>
        public void Pause() => _idle.CancelAfter(Timeout.InfiniteTimeSpan);

        public void Dispose()
        {
            _abort.Dispose();
            _idle.Dispose();
        }
    }
}
