using System;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Banana.Client.Tasks;
using Banana.Client.Wire;

namespace Banana.Client.Http
{
    /// <summary>
    /// JSON calls to the API host: Bearer header per request, status checks, the <c>{code,msg,data}</c> envelope.
    /// Calls that create nothing are retried whole; calls that create a task are retried only up to a status.
    /// </summary>
    internal sealed class JsonApi
    {
        private readonly GrsaiClientOptions options;
        private readonly ResilientHttp http;
        private readonly ServiceErrorMapper errors;

        public JsonApi(GrsaiClientOptions options, ResilientHttp http, ServiceErrorMapper errors)
        {
            this.options = options;
            this.http = http;
            this.errors = errors;
        }

        /// <summary>
        /// Posts a request that creates nothing (tokens, polls, credits) and returns its envelope. The body is
        /// read inside the attempt, so a connection that breaks mid-answer is simply asked again.
        /// </summary>
        public Task<ServiceEnvelope> PostAsync(string operation, string path, object body, CancellationToken cancellationToken)
            => http.ExecuteAsync(
                operation,
                async attempt =>
                {
                    // Headers only: the body is read by ReadTextAsync, which caps its size and honours cancellation.
                    using var response = await SendCheckedAsync(operation, path, body, HttpCompletionOption.ResponseHeadersRead, attempt)
                        .ConfigureAwait(false);
                    var text = await HttpBody.ReadTextAsync(response, HttpBody.MaxJsonBytes, truncate: false, attempt.Timed)
                        .ConfigureAwait(false);
                    return ParseEnvelope(operation, text);
                },
                cancellationToken);

        /// <summary>
        /// Posts a request that creates a task and returns the successful response, headers read, body unread.
        /// Retried on no answer or 408/429/5xx, before any task id is known. A 429/503/408 or a refused connection
        /// means nothing was accepted; a reset after sending, a gateway's 502/504 or a timeout before the headers
        /// cannot say, and the API has no idempotency key or task list to ask. The service sends the task id at
        /// once, so those cases are rare; the retry is then the only way to get the job done at all.
        /// </summary>
        public async Task<HttpResponseMessage> PostCreatingTaskAsync(
            string operation, string path, object body, SubmissionTally tally, CancellationToken cancellationToken)
        {
            try
            {
                return await http.ExecuteAsync(
                    operation,
                    async attempt =>
                    {
                        try
                        {
                            return await SendCheckedAsync(operation, path, body, HttpCompletionOption.ResponseHeadersRead, attempt)
                                .ConfigureAwait(false);
                        }
                        catch (Exception fault) when (!cancellationToken.IsCancellationRequested)
                        {
                            tally.Observe(fault);
                            throw;
                        }
                    },
                    cancellationToken).ConfigureAwait(false);
            }
            catch (GrsaiException e) when (tally.Unanswered > 0)
            {
                // However the submission ended, an attempt before it may have created a task nobody can collect.
                e.MarkMayHaveBeenCharged();
                throw;
            }
        }

        /// <summary>
        /// GETs a resource that creates nothing, retried whole on transient faults. Returns the status and body of a 2xx
        /// answer and of the statuses <paramref name="answeredWithBody"/> accepts (the caller reads those itself); any
        /// other failure status becomes its typed exception.
        /// </summary>
        public Task<(HttpStatusCode Status, string Body)> GetAsync(
            string operation, string pathAndQuery, Func<HttpStatusCode, bool> answeredWithBody, CancellationToken cancellationToken)
            => http.ExecuteAsync(
                operation,
                async attempt =>
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, ApiAddress(pathAndQuery));
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiKey);
                    using var response = await http.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attempt.Timed)
                        .ConfigureAwait(false);
                    if (!response.IsSuccessStatusCode && !answeredWithBody(response.StatusCode))
                    {
                        await ThrowOnFailureStatusAsync(operation, response, attempt.Timed).ConfigureAwait(false);
                    }

                    var text = await HttpBody.ReadTextAsync(response, HttpBody.MaxJsonBytes, truncate: false, attempt.Timed)
                        .ConfigureAwait(false);
                    return (response.StatusCode, text);
                },
                cancellationToken);

        public ServiceEnvelope ParseEnvelope(string operation, string text)
        {
            var envelope = WireJson.TryDeserialize<ServiceEnvelope>(text);
            if (envelope?.Code is null)
            {
                throw new GrsaiProtocolException(
                    $"{operation}: the service's answer is not the expected JSON: {http.Redactor.Redact(HttpBody.Excerpt(text))}");
            }

            return envelope;
        }

        /// <summary>The envelope's <c>data</c> as <typeparamref name="T"/>, after mapping a non-zero code to its exception.</summary>
        public T RequireData<T>(string operation, ServiceEnvelope envelope)
            where T : class
        {
            if (envelope.Code != 0)
            {
                throw errors.FromServiceCode(operation, envelope.Code ?? 0, envelope.Message);
            }

            return envelope.Data is { } data && WireJson.TryDeserialize<T>(data) is { } value
                ? value
                : throw new GrsaiProtocolException($"{operation}: the service's answer has no usable 'data'.");
        }

        private async Task<HttpResponseMessage> SendCheckedAsync(
            string operation, string path, object body, HttpCompletionOption completion, HttpAttempt attempt)
        {
            using var request = CreateRequest(path, body);
            var response = await http.Client.SendAsync(request, completion, attempt.Timed).ConfigureAwait(false);
            try
            {
                await ThrowOnFailureStatusAsync(operation, response, attempt.Timed).ConfigureAwait(false);
                return response;
            }
            catch
            {
                response.Dispose();
                throw;
            }
        }

        private async Task ThrowOnFailureStatusAsync(string operation, HttpResponseMessage response, CancellationToken cancellationToken)
        {
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            var body = await HttpBody.ReadTextAsync(response, HttpBody.MaxErrorBytes, truncate: true, cancellationToken)
                .ConfigureAwait(false);
            if (RetryableStatusException.IsRetryable(response.StatusCode))
            {
                throw new RetryableStatusException(
                    response.StatusCode, HttpBody.RetryAfter(response), http.Redactor.Redact(HttpBody.Excerpt(body, 200)));
            }

            throw errors.FromHttpStatus(operation, response.StatusCode, body);
        }

        /// <summary>Keeps a path prefix of the base address (a proxy at https://host/grsai/ keeps its /grsai/).</summary>
        private Uri ApiAddress(string relativePath)
        {
            var text = options.BaseUri.AbsoluteUri;
            var root = text.EndsWith("/", StringComparison.Ordinal) ? options.BaseUri : new Uri(text + "/");
            return new Uri(root, relativePath.TrimStart('/'));
        }

        private HttpRequestMessage CreateRequest(string path, object body)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, ApiAddress(path))
            {
                Content = new StringContent(WireJson.Serialize(body), Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiKey);
            return request;
        }
    }
}
