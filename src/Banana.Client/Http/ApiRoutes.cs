namespace Banana.Client.Http
{
    /// <summary>
    /// Every path the client calls on the API host, relative to the base address (a proxy's path prefix is kept),
    /// declared once so that a route the service moves is changed in one place (docs/protocol.md#endpoints and 8).
    /// </summary>
    internal static class ApiRoutes
    {
        /// <summary>Upload token for the multipart form upload to the storage host (section 1).</summary>
        public const string FormUploadToken = "client/resource/newUploadTokenZH";

        /// <summary>Upload token for the presigned PUT variant (section 1).</summary>
        public const string PresignedUploadToken = "client/resource/newUploadToken";

        /// <summary>Draw API: submit (stream, or the task id at once with <c>webHook: "-1"</c>) (section 2).</summary>
        public const string DrawSubmit = "v1/draw/nano-banana";

        /// <summary>Draw API: one poll, <c>POST {"id"}</c> (section 2c).</summary>
        public const string DrawResult = "v1/draw/result";

        /// <summary>Generate API: submit with <c>replyType</c> async / stream / json (section 8).</summary>
        public const string Generate = "v1/api/generate";

        /// <summary>Generate API: one poll, <c>GET ?id=</c> (section 8).</summary>
        public const string GenerateResult = "v1/api/result";

        /// <summary>The key's remaining credits (section 3).</summary>
        public const string Credits = "client/openapi/getAPIKeyCredits";
    }
}
