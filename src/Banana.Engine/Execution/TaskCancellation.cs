using System.Threading;
using System.Threading.Tasks;

namespace Banana.Engine.Execution
{
    internal static class TaskCancellation
    {
        /// <summary>Awaits <paramref name="task"/>, or stops waiting (throwing) when the token is cancelled.</summary>
        public static async Task<T> WithCancellation<T>(this Task<T> task, CancellationToken cancellationToken)
        {
            if (!task.IsCompleted && cancellationToken.CanBeCanceled)
            {
                var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                using (cancellationToken.Register(() => cancelled.TrySetCanceled(cancellationToken)))
                {
                    await Task.WhenAny(task, cancelled.Task).ConfigureAwait(false);
                }
            }

            cancellationToken.ThrowIfCancellationRequested();
            return await task.ConfigureAwait(false);
        }
    }
}
