using System;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using Banana.Client.Http;
using Banana.Client.Wire;
using Banana.Shared;

namespace Banana.Client.Upload
{
    /// <summary>
    /// Puts a local image where the service can read it (docs/protocol.md#upload): a form post or a presigned PUT
    /// to the storage host named by an upload token, or an inline data URI. The file is streamed, never loaded
    /// whole, and each attempt reopens it because a sent content stream cannot be sent again.
    /// </summary>
    internal sealed class Uploader
    {
        private readonly GrsaiClientOptions options;
        private readonly JsonApi api;
        private readonly ResilientHttp http;

        public Uploader(GrsaiClientOptions options, JsonApi api, ResilientHttp http)
        {
            this.options = options;
            this.api = api;
            this.http = http;
        }

        public async Task<UploadedImage> UploadAsync(string path, UploadMethod method, CancellationToken cancellationToken)
        {
            var fullPath = Path.GetFullPath(path ?? throw new ArgumentNullException(nameof(path)));
            if (!File.Exists(fullPath))
            {
                throw new FileNotFoundException($"The image '{fullPath}' does not exist.", fullPath);
            }

            var clock = Stopwatch.StartNew();
            var digest = await FileDigest.OfFileAsync(fullPath, cancellationToken).ConfigureAwait(false);
            var format = await ImageFormat.DetectFileAsync(fullPath, cancellationToken).ConfigureAwait(false);
            var url = method switch
            {
                UploadMethod.Form => await FormUploadAsync(fullPath, Suffix(fullPath, format), cancellationToken).ConfigureAwait(false),
                UploadMethod.Presigned => await PresignedUploadAsync(fullPath, Suffix(fullPath, format), cancellationToken).ConfigureAwait(false),
                UploadMethod.DataUri => await InlineAsync(fullPath, format, digest.Length, cancellationToken).ConfigureAwait(false),
                _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown upload method."),
            };
            return new UploadedImage(fullPath, url, digest.Length, digest.Sha256, method, clock.Elapsed);
        }

        private async Task<string> FormUploadAsync(string path, string suffix, CancellationToken cancellationToken)
        {
            var token = await RequestTokenAsync(ApiRoutes.FormUploadToken, suffix, cancellationToken).ConfigureAwait(false);
            if (string.IsNullOrEmpty(token.Token))
            {
                throw new GrsaiProtocolException("upload: the upload token answer has no 'token'.");
            }

            var target = StorageAddress.UploadUri(token.Url!);
            var publicUrl = StorageAddress.PublicUrl(token.Domain!, token.Key!);
            await SendToStorageAsync(
                path,
                () =>
                {
                    var form = new MultipartFormDataContent
                    {
                        FormParts.Field(new StringContent(token.Token!), "token"),
                        FormParts.Field(new StringContent(token.Key!), "key"),
                        FormParts.Attach(OpenFileContent(path), "file", Path.GetFileName(path)),
                    };
                    return new HttpRequestMessage(HttpMethod.Post, target) { Content = form };
                },
                cancellationToken).ConfigureAwait(false);
            return publicUrl;
        }

        private async Task<string> PresignedUploadAsync(string path, string suffix, CancellationToken cancellationToken)
        {
            var token = await RequestTokenAsync(ApiRoutes.PresignedUploadToken, suffix, cancellationToken).ConfigureAwait(false);
            var target = StorageAddress.UploadUri(token.Url!);
            var publicUrl = StorageAddress.PublicUrl(token.Domain!, token.Key!);
            await SendToStorageAsync(
                path,
                () => new HttpRequestMessage(HttpMethod.Put, target) { Content = OpenFileContent(path) },
                cancellationToken).ConfigureAwait(false);
            return publicUrl;
        }

        private async Task<string> InlineAsync(string path, string? format, long length, CancellationToken cancellationToken)
        {
            if (length > options.MaxDataUriBytes)
            {
                throw new GrsaiValidationException(
                    $"'{path}' has {length} bytes, more than the {options.MaxDataUriBytes} sent inline as a data URI: upload it instead.",
                    "Path");
            }

            var mime = ImageFormat.MimeType(format)
                ?? throw new GrsaiValidationException($"'{path}' is not a PNG, JPEG, WebP, GIF or BMP image.", "Path");
            return await DataUriEncoder.EncodeFileAsync(path, mime, length, cancellationToken).ConfigureAwait(false);
        }

        private async Task<UploadTokenBody> RequestTokenAsync(string tokenPath, string suffix, CancellationToken cancellationToken)
        {
            var envelope = await api.PostAsync("upload token", tokenPath, new UploadTokenRequest { Suffix = suffix }, cancellationToken)
                .ConfigureAwait(false);
            var token = api.RequireData<UploadTokenBody>("upload token", envelope);
            if (string.IsNullOrEmpty(token.Key) || string.IsNullOrEmpty(token.Url) || string.IsNullOrEmpty(token.Domain))
            {
                throw new GrsaiProtocolException("upload token: the answer lacks 'key', 'url' or 'domain'.");
            }

            return token;
        }

        /// <summary>Sends the file to the storage host: no Bearer header there, the key is for the API host only.</summary>
        private Task<bool> SendToStorageAsync(string path, Func<HttpRequestMessage> createRequest, CancellationToken cancellationToken)
            => http.ExecuteAsync(
                "upload",
                async attempt =>
                {
                    using var request = createRequest();
                    using var response = await http.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attempt.Timed)
                        .ConfigureAwait(false);
                    if (response.IsSuccessStatusCode)
                    {
                        return true;
                    }

                    var body = await HttpBody.ReadTextAsync(response, HttpBody.MaxErrorBytes, truncate: true, attempt.Timed)
                        .ConfigureAwait(false);
                    var excerpt = http.Redactor.Redact(HttpBody.Excerpt(body, 200));
                    if (RetryableStatusException.IsRetryable(response.StatusCode))
                    {
                        throw new RetryableStatusException(response.StatusCode, HttpBody.RetryAfter(response), excerpt);
                    }

                    // Not the API key's fault even for a 401 here: the storage host judges the upload token.
                    throw new GrsaiRequestRejectedException(
                        $"upload: the storage host refused '{Path.GetFileName(path)}' (HTTP {(int)response.StatusCode}): {excerpt}")
                    {
                        StatusCode = response.StatusCode,
                    };
                },
                cancellationToken);

        private static StreamContent OpenFileContent(string path)
        {
            var content = new StreamContent(FileDigest.OpenRead(path), 81920);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            return content;
        }

        /// <summary>The extension the token request asks for: the file's own, else the one its bytes say.</summary>
        private static string Suffix(string path, string? format)
        {
            var extension = Path.GetExtension(path).TrimStart('.').ToLowerInvariant();
            if (extension.Length > 0)
            {
                return extension;
            }

            return (ImageFormat.FileExtension(format) ?? ".png").TrimStart('.');
        }
    }
}
