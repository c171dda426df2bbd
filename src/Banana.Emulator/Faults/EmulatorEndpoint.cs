namespace Banana.Emulator;

/// <summary>The areas of the emulated API, as fault rules and request counters name them.</summary>
public enum EmulatorEndpoint
{
    /// <summary>In a fault rule: every endpoint below.</summary>
    Any,
    /// <summary><c>POST /v1/draw/nano-banana</c>.</summary>
    Draw,
    /// <summary><c>POST /v1/draw/result</c> (polling).</summary>
    Result,
    /// <summary><c>POST /client/resource/newUploadTokenZH</c> and <c>/newUploadToken</c>.</summary>
    UploadToken,
    /// <summary><c>POST /storage/upload</c> (form) and <c>PUT /storage/presigned/{key}</c>.</summary>
    Storage,
    /// <summary><c>GET /files/{key}</c>: uploaded images.</summary>
    Files,
    /// <summary><c>GET /results/{name}.png</c>: generated images.</summary>
    Results,
    /// <summary><c>POST /client/openapi/getAPIKeyCredits</c>.</summary>
    Credits,
    /// <summary><c>POST /v1/api/generate</c> (the newer API, docs/protocol.md#generate-api).</summary>
    Generate,
    /// <summary><c>GET /v1/api/result?id=</c> (polling the newer API; no key checked).</summary>
    GenerateResult,
}
