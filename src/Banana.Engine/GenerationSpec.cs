using System.Collections.Generic;

namespace Banana.Engine
{
    /// <summary>
    /// One generation as <c>Invoke-BananaGenerate</c> asks for it. <paramref name="SourcePath"/> is the local image the
    /// reference URL came from, when known: it names the saved results.
    /// </summary>
    public sealed record GenerationSpec(
        string Prompt,
        string Model,
        string AspectRatio,
        string? ImageSize,
        IReadOnlyList<string> ImageUrls,
        string? SourcePath);
}
