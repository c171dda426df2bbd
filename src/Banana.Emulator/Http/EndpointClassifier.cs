namespace Banana.Emulator.Http;

/// <summary>Names the API area a request is for, for counters and fault rules; null for control or unknown paths.</summary>
internal static class EndpointClassifier
{
    public static EmulatorEndpoint? Classify(PathString path)
    {
        var value = path.Value ?? string.Empty;
        return value switch
        {
            "/v1/draw/nano-banana" => EmulatorEndpoint.Draw,
            "/v1/draw/result" => EmulatorEndpoint.Result,
            "/client/resource/newUploadTokenZH" or "/client/resource/newUploadToken" => EmulatorEndpoint.UploadToken,
            "/client/openapi/getAPIKeyCredits" => EmulatorEndpoint.Credits,
            "/v1/api/generate" => EmulatorEndpoint.Generate,
            "/v1/api/result" => EmulatorEndpoint.GenerateResult,
            _ when value.StartsWith("/storage/", StringComparison.Ordinal) => EmulatorEndpoint.Storage,
            _ when value.StartsWith("/files/", StringComparison.Ordinal) => EmulatorEndpoint.Files,
            _ when value.StartsWith("/results/", StringComparison.Ordinal) => EmulatorEndpoint.Results,
            _ => null,
        };
    }
}
