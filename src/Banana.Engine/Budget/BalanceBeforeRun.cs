using System;
using System.Threading;
using System.Threading.Tasks;
using Banana.Engine.Execution;

namespace Banana.Engine.Budget
{
    /// <summary>
    /// The account's balance before a run, asked for once the run is known to go ahead (its manifest read without
    /// fault) and read while the batch is planned and its first record written: a free, read-only request whose round
    /// trip, and the HTTP stack's first use, then no longer delay the first upload. A batch that stops before it
    /// starts asks for nothing, and does not leave the request behind.
    /// </summary>
    internal sealed class BalanceBeforeRun
    {
        private readonly KeyPool keys;
        private readonly IBatchObserver observer;
        private readonly CancellationTokenSource cancel;
        private Task<long?>? read;

        public BalanceBeforeRun(KeyPool keys, IBatchObserver observer, CancellationToken cancellationToken)
        {
            this.keys = keys;
            this.observer = observer;
            cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        }

        /// <summary>Sends the request, once, on the thread pool.</summary>
        public void Start() => read ??= Task.Run(() => AccountBalance.TryReadAsync(keys, observer, cancel.Token), CancellationToken.None);

        /// <summary>The balance, or null when a key could not say.</summary>
        public Task<long?> ResultAsync()
        {
            Start();
            return read!;
        }

        /// <summary>
        /// Cancels a read still going (the run ended before it needed it) and waits for it to end, so it neither
        /// outlives the batch nor leaves a fault nobody observes. Its outcome no longer matters.
        /// </summary>
        public async Task SettleAsync()
        {
            cancel.Cancel();
            try
            {
                if (read is not null)
                {
                    await read.ConfigureAwait(false);
                }
            }
#pragma warning disable CA1031 // the balance of a batch that did not start is shown nowhere
            catch (Exception)
#pragma warning restore CA1031
            {
            }
            finally
            {
                cancel.Dispose();
            }
        }
    }
}
