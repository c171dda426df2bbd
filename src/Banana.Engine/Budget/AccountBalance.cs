using System;
using System.Threading;
using System.Threading.Tasks;
using Banana.Client;
using Banana.Engine.Execution;

namespace Banana.Engine.Budget
{
    /// <summary>
    /// The account's credits before and after a run, for the summary and the report: every key's balance added up
    /// (the call Get-BananaCredit makes). Only where the service answers: a key that cannot say leaves the figure
    /// unknown rather than wrong, and a failed query never stops a batch.
    /// </summary>
    internal static class AccountBalance
    {
        private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

        public static async Task<long?> TryReadAsync(KeyPool keys, IBatchObserver observer, CancellationToken cancellationToken)
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(Patience);
            long total = 0;
            foreach (var key in keys.Slots)
            {
                try
                {
                    total += await key.Client.GetCreditsAsync(limit.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is GrsaiException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
                {
                    observer.Verbose($"The balance of {key.Name} is unknown ({e.Message}); the summary shows none.");
                    return null;
                }
            }

            return total;
        }
    }
}
