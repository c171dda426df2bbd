using Banana.Emulator.Http;
using Banana.Emulator.Models;

namespace Banana.Emulator.Draw;

/// <summary>A validated submission of either API: what one task draws and what it costs.</summary>
internal sealed record DrawJob(string Model, string Prompt, IReadOnlyList<string> Urls, string AspectRatio, string? ImageSize, long Cost)
{
    public string Signature => EmulatorStats.Signature(Model, Prompt, Urls, AspectRatio, ImageSize);

    /// <summary>
    /// The job, or the message the service gives for the first thing wrong with it, judged by the service's own
    /// model table. <paramref name="referencesField"/> names the images field of the API (<c>urls</c> or <c>images</c>).
    /// </summary>
    public static (DrawJob? Job, string? Error) Validate(EmulatorSettings settings, StrictRequest request, string referencesField)
    {
        var prompt = request.String("prompt");
        if (string.IsNullOrWhiteSpace(prompt))
        {
            return (null, "prompt is required");
        }

        var name = request.String("model");
        if (string.IsNullOrEmpty(name))
        {
            return (null, "model is required");
        }

        if (ModelTable.Find(settings, name) is not { } model)
        {
            return (null, $"unsupported model: {name}");
        }

        // The documented default: a request without aspectRatio is drawn as "auto".
        var ratio = request.String("aspectRatio") is { Length: > 0 } asked ? asked : "auto";
        if (!model.AspectRatios.Contains(ratio, StringComparer.Ordinal))
        {
            return (null, $"aspectRatio {ratio} is not supported by {model.Name}");
        }

        var size = request.String("imageSize") is { Length: > 0 } sized ? sized : null;
        if (size is not null && !model.ImageSizes.Contains(size, StringComparer.Ordinal))
        {
            return (null, model.ImageSizes.Count == 0
                ? $"imageSize is not supported by {model.Name}: send none"
                : $"imageSize {size} is not supported by {model.Name} (it takes {string.Join(", ", model.ImageSizes)})");
        }

        var urls = request.Strings(referencesField);
        if (urls.Any(string.IsNullOrWhiteSpace))
        {
            return (null, $"{referencesField} must not contain empty entries");
        }

        return (new DrawJob(model.Name, prompt, urls, ratio, size, model.Credits), null);
    }
}
