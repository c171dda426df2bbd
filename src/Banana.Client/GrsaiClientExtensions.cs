using System;
using System.Threading;
using System.Threading.Tasks;

namespace Banana.Client
{
    /// <summary>Shorter forms of <see cref="IGrsaiClient"/> calls.</summary>
    public static class GrsaiClientExtensions
    {
        /// <summary>
        /// <see cref="IGrsaiClient.GenerateAsync"/> for a caller that records only the task id and does not count
        /// submissions that may have been paid twice.
        /// </summary>
        public static Task<TaskSnapshot> GenerateAsync(
            this IGrsaiClient client,
            GenerationRequest request,
            Func<string, CancellationToken, Task> onTaskIdAccepted,
            IProgress<TaskSnapshot>? progress,
            CancellationToken cancellationToken)
        {
            if (client is null)
            {
                throw new ArgumentNullException(nameof(client));
            }

            if (onTaskIdAccepted is null)
            {
                throw new ArgumentNullException(nameof(onTaskIdAccepted));
            }

            return client.GenerateAsync(request, (accepted, token) => onTaskIdAccepted(accepted.Id, token), progress, cancellationToken);
        }
    }
}
