using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using Banana.Client.Http;

namespace Banana.Client.Tasks
{
    /// <summary>
    /// Counts the attempts of one submission that went out and came back without an answer the client could read. Each
    /// may have created (and charged for) a task whose id nobody knows; the API has no idempotency key or task list to
    /// ask, so the retry that follows is the only way to get the job done, and the count is what the caller reports.
    /// </summary>
    internal sealed class SubmissionTally
    {
        private int unanswered;

        public int Unanswered => Volatile.Read(ref unanswered);

        /// <summary>Counts <paramref name="fault"/> when it leaves open whether the service took the request.</summary>
        public void Observe(Exception fault)
        {
            if (MayHaveReachedService(fault))
            {
                Interlocked.Increment(ref unanswered);
            }
        }

        /// <summary>
        /// 429, 503, 500 and 408 are the service's own answer that it did not take the request; a refused connection or an
        /// unknown host never sent it. A reset after sending, a gateway's 502/504 or no headers in time cannot say.
        /// </summary>
        internal static bool MayHaveReachedService(Exception fault) => fault switch
        {
            RetryableStatusException status => status.Status is HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout,
            AttemptTimedOutException => true,
            HttpRequestException or IOException => !NeverConnected(fault),
            _ => false,
        };

        private static bool NeverConnected(Exception fault)
        {
            for (var current = fault; current is not null; current = current.InnerException)
            {
                if (current is SocketException socket)
                {
                    return socket.SocketErrorCode is SocketError.ConnectionRefused or SocketError.HostNotFound
                        or SocketError.NoData or SocketError.NetworkUnreachable or SocketError.HostUnreachable;
                }
            }

            return false;
        }
    }
}
