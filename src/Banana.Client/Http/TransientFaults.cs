using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;

namespace Banana.Client.Http
{
    /// <summary>A status that says "try again later" (408, 429, 5xx). Lives only inside the retry pipeline.</summary>
    internal sealed class RetryableStatusException : Exception
    {
        public RetryableStatusException(HttpStatusCode status, TimeSpan? retryAfter, string serviceMessage)
            : base($"HTTP {(int)status} ({status})" + (serviceMessage.Length > 0 ? $": {serviceMessage}" : string.Empty))
        {
            Status = status;
            RetryAfter = retryAfter;
        }

        public HttpStatusCode Status { get; }

        public TimeSpan? RetryAfter { get; }

        public static bool IsRetryable(HttpStatusCode status)
            => status is HttpStatusCode.RequestTimeout or (HttpStatusCode)429 or HttpStatusCode.InternalServerError
                or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;
    }

    /// <summary>One attempt outlived <see cref="GrsaiClientOptions.AttemptTimeout"/> (or a body went idle).</summary>
    internal sealed class AttemptTimedOutException : Exception
    {
        public AttemptTimedOutException(string message, Exception? inner = null) : base(message, inner) { }
    }

    /// <summary>A download whose bytes are not a whole image: fetched again, since a CDN hiccup is the usual cause.</summary>
    internal sealed class InvalidImageBodyException : Exception
    {
        public InvalidImageBodyException(string message) : base(message) { }
    }

    /// <summary>Which faults are worth another attempt, and what to tell the caller when the attempts run out.</summary>
    internal static class TransientFaults
    {
        /// <summary>
        /// A cancellation is transient only when the caller did not ask for it (an HttpClient.Timeout of a
        /// caller-supplied client, say); the caller's own cancellation always ends the operation.
        /// </summary>
        public static bool IsTransient(Exception? fault, CancellationToken callerToken) => fault switch
        {
            null => false,
            GrsaiException => false,
            RetryableStatusException or AttemptTimedOutException or InvalidImageBodyException => true,
            HttpRequestException => true,
            FileNotFoundException or DirectoryNotFoundException or PathTooLongException => false,
            Download.LocalWriteException => false,
            IOException => true,
            OperationCanceledException => !callerToken.IsCancellationRequested,
            _ => false,
        };

        public static TransientFaultKind Classify(Exception? fault) => fault switch
        {
            RetryableStatusException { Status: (HttpStatusCode)429 } => TransientFaultKind.RateLimited,
            RetryableStatusException => TransientFaultKind.ServerError,
            AttemptTimedOutException or OperationCanceledException => TransientFaultKind.TimedOut,
            InvalidImageBodyException => TransientFaultKind.BrokenDownload,
            HttpRequestException or IOException => TransientFaultKind.ConnectionFailed,
            _ => TransientFaultKind.Other,
        };

        public static string Describe(Exception fault, KeyRedactor redactor) => fault switch
        {
            RetryableStatusException status => redactor.Redact(status.Message),
            AttemptTimedOutException timeout => timeout.Message,
            InvalidImageBodyException invalid => invalid.Message,
            OperationCanceledException => "the request timed out",
            HttpRequestException or IOException => "connection failed: " + redactor.Redact(Innermost(fault).Message),
            _ => redactor.Redact(fault.Message),
        };

        /// <summary>The exception the caller sees once every attempt has failed.</summary>
        public static GrsaiException ToFinalException(string operation, int attempts, Exception fault, KeyRedactor redactor)
        {
            var what = Describe(fault, redactor);
            if (fault is InvalidImageBodyException)
            {
                return new GrsaiInvalidImageException($"{operation}: {what}, after {attempts} attempt(s).", fault);
            }

            return new GrsaiTransientException($"{operation} failed after {attempts} attempt(s): {what}.", fault)
            {
                StatusCode = (fault as RetryableStatusException)?.Status,
            };
        }

        private static Exception Innermost(Exception fault)
        {
            var current = fault;
            while (current.InnerException is { } inner)
            {
                current = inner;
            }

            return current;
        }
    }
}
