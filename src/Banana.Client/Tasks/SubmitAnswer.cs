using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Banana.Client.Http;

namespace Banana.Client.Tasks
{
    /// <summary>Reads the short answer of a submission, whose loss is the one case where a task may exist unseen.</summary>
    internal static class SubmitAnswer
    {
        public static async Task<string> ReadAsync(HttpResponseMessage response, GrsaiClientOptions options, CancellationToken cancellationToken)
        {
            using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timer.CancelAfter(options.AttemptTimeout);
            try
            {
                return await HttpBody.ReadTextAsync(response, HttpBody.MaxJsonBytes, truncate: false, timer.Token).ConfigureAwait(false);
            }
            catch (Exception fault) when (fault is not GrsaiException && !cancellationToken.IsCancellationRequested)
            {
                // Not retried: the service may have created the task already, and a second one would be paid twice.
                throw new GrsaiTransientException(
                    "submit: the answer broke off after the service accepted the request; the task may exist without its id.", fault)
                {
                    MayHaveBeenCharged = true,
                };
            }
        }
    }
}
