using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Banana.Client.Wire
{
    // The JSON shapes of docs/protocol.md#wire-conventions. Reading is tolerant (unknown fields ignored, numbers may come as
    // strings); writing is strict (only the documented fields, nulls left out).

    /// <summary><c>{code, msg, data}</c>: the wrapper of every answer except stream frames.</summary>
    internal sealed class ServiceEnvelope
    {
        [JsonPropertyName("code")]
        public int? Code { get; set; }

        [JsonPropertyName("msg")]
        public string? Message { get; set; }

        [JsonPropertyName("data")]
        public JsonElement? Data { get; set; }
    }

    /// <summary>A task snapshot: a stream frame, or the <c>data</c> of a poll answer.</summary>
    internal sealed class TaskSnapshotBody
    {
        [JsonPropertyName("id")]
        public string? Id { get; set; }

        [JsonPropertyName("status")]
        public string? Status { get; set; }

        [JsonPropertyName("progress")]
        public double? Progress { get; set; }

        [JsonPropertyName("results")]
        public List<TaskResultBody?>? Results { get; set; }

        /// <summary>Some answers carry a single result at top level instead of <c>results</c>.</summary>
        [JsonPropertyName("url")]
        public string? Url { get; set; }

        [JsonPropertyName("failure_reason")]
        public string? FailureReason { get; set; }

        [JsonPropertyName("error")]
        public string? Error { get; set; }
    }

    internal sealed class TaskResultBody
    {
        [JsonPropertyName("url")]
        public string? Url { get; set; }

        /// <summary>The model's text reply that may come with (or instead of) an image.</summary>
        [JsonPropertyName("content")]
        public string? Content { get; set; }
    }

    internal sealed class UploadTokenBody
    {
        [JsonPropertyName("token")]
        public string? Token { get; set; }

        [JsonPropertyName("key")]
        public string? Key { get; set; }

        [JsonPropertyName("url")]
        public string? Url { get; set; }

        [JsonPropertyName("domain")]
        public string? Domain { get; set; }
    }

    internal sealed class TaskIdBody
    {
        [JsonPropertyName("id")]
        public string? Id { get; set; }
    }

    /// <summary>The credits answer: public clients read the number under any of these three names.</summary>
    internal sealed class CreditsBody
    {
        [JsonPropertyName("credits")]
        public double? Credits { get; set; }

        [JsonPropertyName("residue")]
        public double? Residue { get; set; }

        [JsonPropertyName("balance")]
        public double? Balance { get; set; }
    }

    internal sealed class UploadTokenRequest
    {
        [JsonPropertyName("sux")]
        public string Suffix { get; set; } = string.Empty;
    }

    internal sealed class ResultRequest
    {
        [JsonPropertyName("id")]
        public string Id { get; set; } = string.Empty;
    }

    internal sealed class CreditsRequest
    {
        [JsonPropertyName("apiKey")]
        public string ApiKey { get; set; } = string.Empty;
    }

    internal sealed class DrawRequest
    {
        [JsonPropertyName("model")]
        public string Model { get; set; } = string.Empty;

        [JsonPropertyName("prompt")]
        public string Prompt { get; set; } = string.Empty;

        [JsonPropertyName("urls")]
        public IReadOnlyList<string> Urls { get; set; } = new List<string>();

        [JsonPropertyName("aspectRatio")]
        public string AspectRatio { get; set; } = ModelCatalog.DefaultAspectRatio;

        /// <summary>Left out for models that take no size (nano-banana, nano-banana-fast).</summary>
        [JsonPropertyName("imageSize")]
        public string? ImageSize { get; set; }

        /// <summary>Absent: stream answer. "-1": immediate task id.</summary>
        [JsonPropertyName("webHook")]
        public string? WebHook { get; set; }

        [JsonPropertyName("shutProgress")]
        public bool? ShutProgress { get; set; }

        [JsonPropertyName("cdn")]
        public string? Cdn { get; set; }
    }

    /// <summary>The generate API's request (docs/protocol.md#generate-request): <c>images</c>, not <c>urls</c>, and a <c>replyType</c>.</summary>
    internal sealed class GenerateRequestBody
    {
        [JsonPropertyName("model")]
        public string Model { get; set; } = string.Empty;

        [JsonPropertyName("prompt")]
        public string Prompt { get; set; } = string.Empty;

        [JsonPropertyName("images")]
        public IReadOnlyList<string> Images { get; set; } = new List<string>();

        [JsonPropertyName("aspectRatio")]
        public string AspectRatio { get; set; } = ModelCatalog.DefaultAspectRatio;

        /// <summary>Left out for models that take no size.</summary>
        [JsonPropertyName("imageSize")]
        public string? ImageSize { get; set; }

        /// <summary><c>async</c> (the task id at once), <c>stream</c> or <c>json</c> (wait for the final task).</summary>
        [JsonPropertyName("replyType")]
        public string ReplyType { get; set; } = "async";
    }
}
