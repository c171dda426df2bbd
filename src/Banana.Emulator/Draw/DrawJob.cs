namespace Banana.Emulator.Draw;

/// <summary>A validated draw request: what one task draws.</summary>
internal sealed record DrawJob(string Model, string Prompt, IReadOnlyList<string> Urls, string AspectRatio, string? ImageSize, long Cost)
{
    public string Signature => EmulatorStats.Signature(Model, Prompt, Urls, AspectRatio, ImageSize);

    /// <summary>The job, or the message the real API gives for the first thing wrong with the request.</summary>
    public static (DrawJob? Job, string? Error) Validate(DrawRequestBody body)
    {
        if (string.IsNullOrWhiteSpace(body.Prompt))
        {
            return (null, "prompt is required");
        }

        if (ModelTable.Find(body.Model) is not { } model)
        {
            return (null, string.IsNullOrEmpty(body.Model) ? "model is required" : $"unsupported model: {body.Model}");
        }

        var ratio = string.IsNullOrEmpty(body.AspectRatio) ? "auto" : body.AspectRatio;
        if (!model.Accepts(ratio))
        {
            return (null, $"aspectRatio {ratio} is not supported by {model.Name}");
        }

        var size = string.IsNullOrEmpty(body.ImageSize) ? null : body.ImageSize;
        if (size is not null && !model.Sizes.Contains(size, StringComparer.Ordinal))
        {
            return (null, model.Sizes.Length == 0
                ? $"imageSize is not supported by {model.Name}"
                : $"imageSize {size} is not supported by {model.Name}");
        }

        var urls = body.Urls ?? [];
        if (urls.Any(string.IsNullOrWhiteSpace))
        {
            return (null, "urls must not contain empty entries");
        }

        return (new DrawJob(model.Name, body.Prompt, urls, ratio, size, model.CostPerImage), null);
    }
}
