namespace Banana.Emulator.Http;

/// <summary>
/// Every path the emulated service answers, declared once for the endpoint maps and the request classifier
/// (docs/protocol.md#endpoints). The emulator's own copy on purpose: the client declares the same paths in its
/// <c>ApiRoutes</c>, and a path mistyped on one side must show up as a failing request, not be shared by both.
/// </summary>
internal static class ServiceRoutes
{
    public const string FormUploadToken = "/client/resource/newUploadTokenZH";
    public const string PresignedUploadToken = "/client/resource/newUploadToken";
    public const string DrawSubmit = "/v1/draw/nano-banana";
    public const string DrawResult = "/v1/draw/result";
    public const string Generate = "/v1/api/generate";
    public const string GenerateResult = "/v1/api/result";
    public const string Credits = "/client/openapi/getAPIKeyCredits";

    /// <summary>The storage host's form upload target (the upload token names it).</summary>
    public const string StorageUpload = "/storage/upload";

    /// <summary>Prefix of the presigned PUT targets: <c>/storage/presigned/{key}</c>.</summary>
    public const string StoragePresigned = "/storage/presigned/";

    /// <summary>Prefix of the public copies of uploads: <c>/files/{key}</c> (the upload token's domain).</summary>
    public const string Files = "/files/";

    /// <summary>Prefix of the result images: <c>/results/{name}</c>.</summary>
    public const string Results = "/results/";

    /// <summary>Prefix of everything the storage host answers (uploads of both kinds).</summary>
    public const string Storage = "/storage/";
}
