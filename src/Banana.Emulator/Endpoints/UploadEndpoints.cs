using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Banana.Emulator.Faults;
using Banana.Emulator.Http;
using Banana.Emulator.State;

namespace Banana.Emulator.Endpoints;

/// <summary>
/// docs/protocol.md#upload: upload tokens, the Qiniu-style form upload, the presigned PUT, and the public file
/// host that serves what was stored.
/// </summary>
internal sealed partial class UploadEndpoints(EmulatorState state)
{
    private const string PresignedPath = ServiceRoutes.StoragePresigned;

    public void Map(IEndpointRouteBuilder app)
    {
        app.MapPost(ServiceRoutes.FormUploadToken, IssueFormTokenAsync);
        app.MapPost(ServiceRoutes.PresignedUploadToken, IssuePresignedUrlAsync);
        app.MapPost(ServiceRoutes.StorageUpload, StoreFormUploadAsync);
        app.MapPut(PresignedPath + "{key}", StorePresignedPutAsync);
        app.MapGet(ServiceRoutes.Files + "{key}", ServeFileAsync);
    }

    private async Task IssueFormTokenAsync(HttpContext context)
    {
        if (await ReadExtensionAsync(context, state).ConfigureAwait(false) is not { } extension)
        {
            return;
        }

        var (token, key) = state.Files.IssueToken(extension);
        var baseUrl = RequestBody.BaseUrlOf(context.Request);
        await Reply.Success(context, new { token, key, url = baseUrl + ServiceRoutes.StorageUpload, domain = Domain(baseUrl) })
            .ConfigureAwait(false);
    }

    private async Task IssuePresignedUrlAsync(HttpContext context)
    {
        if (await ReadExtensionAsync(context, state).ConfigureAwait(false) is not { } extension)
        {
            return;
        }

        var (token, key) = state.Files.IssueToken(extension);
        var baseUrl = RequestBody.BaseUrlOf(context.Request);
        var url = $"{baseUrl}{PresignedPath}{key}?token={Uri.EscapeDataString(token)}";
        await Reply.Success(context, new { url, key, domain = Domain(baseUrl) }).ConfigureAwait(false);
    }

    /// <summary>Where stored files are served from, as the token names it (or the <c>foreign-upload-domain</c> fault's address).</summary>
    private string Domain(string baseUrl)
        => state.Faults.TryFire(FaultStage.UploadToken, EmulatorEndpoint.UploadToken, apiKey: null)?.Address
            ?? baseUrl + ServiceRoutes.Files.TrimEnd('/');

    private async Task StoreFormUploadAsync(HttpContext context)
    {
        if (!context.Request.HasFormContentType)
        {
            await StorageError(context, StatusCodes.Status400BadRequest, "multipart/form-data expected").ConfigureAwait(false);
            return;
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        string? token = form["token"];
        string? key = form["key"];
        if (!state.Files.IsTokenFor(token, key))
        {
            await StorageError(context, StatusCodes.Status401Unauthorized, "invalid upload token for this key").ConfigureAwait(false);
            return;
        }

        if (form.Files.GetFile("file") is not { Length: > 0 } file)
        {
            await StorageError(context, StatusCodes.Status400BadRequest, "file is empty or missing").ConfigureAwait(false);
            return;
        }

        using var buffer = new MemoryStream();
        await using (var upload = file.OpenReadStream())
        {
            await upload.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        }

        var bytes = await StoreAsync(context, key!, buffer.ToArray(), "form").ConfigureAwait(false);
        await Reply.Json(context, new { hash = Convert.ToHexStringLower(SHA256.HashData(bytes)), key }).ConfigureAwait(false);
    }

    private async Task StorePresignedPutAsync(HttpContext context)
    {
        var key = (string?)context.Request.RouteValues["key"];
        if (!state.Files.IsTokenFor(context.Request.Query["token"], key))
        {
            await StorageError(context, StatusCodes.Status403Forbidden, "signature does not match").ConfigureAwait(false);
            return;
        }

        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        if (buffer.Length == 0)
        {
            await StorageError(context, StatusCodes.Status400BadRequest, "empty body").ConfigureAwait(false);
            return;
        }

        var bytes = await StoreAsync(context, key!, buffer.ToArray(), "presigned").ConfigureAwait(false);
        context.Response.Headers.ETag = $"\"{Convert.ToHexStringLower(SHA256.HashData(bytes))}\"";
        context.Response.StatusCode = StatusCodes.Status200OK;
    }

    private Task ServeFileAsync(HttpContext context)
    {
        var key = (string?)context.Request.RouteValues["key"] ?? string.Empty;
        return ByteServing.ServeAsync(context, state, EmulatorEndpoint.Files,
            () => state.Files.Find(key) is { } file ? (file.Bytes, file.ContentType) : null);
    }

    private async Task<byte[]> StoreAsync(HttpContext context, string key, byte[] bytes, string method)
    {
        var latency = state.Settings.UploadLatency;
        if (latency > TimeSpan.Zero)
        {
            await Task.Delay(latency, context.RequestAborted).ConfigureAwait(false);
        }

        state.Files.Store(key, bytes);
        state.Stats.UploadStored(method);
        return bytes;
    }

    /// <summary>The <c>sux</c> of a token request, or null after answering code -1.</summary>
    private static async Task<string?> ReadExtensionAsync(HttpContext context, EmulatorState state)
    {
        var request = await StrictRequest.ReadAsync(context, RequestSchema.UploadToken, state, EmulatorEndpoint.UploadToken).ConfigureAwait(false);
        if (request.Refusal is { } refusal)
        {
            await Reply.Error(context, request.Malformed ? -4 : -1, refusal).ConfigureAwait(false);
            return null;
        }

        var sux = request.String("sux");
        if (sux is null || !ExtensionPattern().IsMatch(sux))
        {
            const string reason = "sux must be a file extension such as jpg";
            StrictRequest.Refuse(state, EmulatorEndpoint.UploadToken, reason);
            await Reply.Error(context, -1, reason).ConfigureAwait(false);
            return null;
        }

        return sux.ToLowerInvariant();
    }

    private static Task StorageError(HttpContext context, int status, string error)
        => Reply.Json(context, new { error }, status);

    [GeneratedRegex("^[A-Za-z0-9]{1,8}$")]
    private static partial Regex ExtensionPattern();
}
