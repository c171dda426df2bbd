namespace Banana.Emulator.Http;

/// <summary>Names the API area a request is for, for counters and fault rules; null for control or unknown paths.</summary>
internal static class EndpointClassifier
{
    public static EmulatorEndpoint? Classify(PathString path)
    {
        var value = path.Value ?? string.Empty;
        return value switch
        {
            ServiceRoutes.DrawSubmit => EmulatorEndpoint.Draw,
            ServiceRoutes.DrawResult => EmulatorEndpoint.Result,
            ServiceRoutes.FormUploadToken or ServiceRoutes.PresignedUploadToken => EmulatorEndpoint.UploadToken,
            ServiceRoutes.Credits => EmulatorEndpoint.Credits,
            ServiceRoutes.Generate => EmulatorEndpoint.Generate,
            ServiceRoutes.GenerateResult => EmulatorEndpoint.GenerateResult,
            _ when value.StartsWith(ServiceRoutes.Storage, StringComparison.Ordinal) => EmulatorEndpoint.Storage,
            _ when value.StartsWith(ServiceRoutes.Files, StringComparison.Ordinal) => EmulatorEndpoint.Files,
            _ when value.StartsWith(ServiceRoutes.Results, StringComparison.Ordinal) => EmulatorEndpoint.Results,
            _ => null,
        };
    }
}
