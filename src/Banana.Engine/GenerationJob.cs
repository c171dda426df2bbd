using System.Collections.Generic;

namespace Banana.Engine
{
    /// <summary>
    /// One generation fed to <c>GenerationStream.Add</c>: a prompt, the model parameters and zero or more
    /// reference images given as URLs. <paramref name="SourcePath"/> is the local image the reference came from, when
    /// known: it names the saved results.
    /// </summary>
    public sealed record GenerationJob(
        string Prompt,
        string Model,
        string AspectRatio,
        string? ImageSize,
        IReadOnlyList<string> ImageUrls,
        string? SourcePath);
}
