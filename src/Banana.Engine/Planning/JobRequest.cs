using System.Collections.Generic;

namespace Banana.Engine.Planning
{
    /// <summary>
    /// One thing the inputs ask for, before it becomes <see cref="Count"/> jobs: the reference images (indexes into
    /// <see cref="BatchInputs.Images"/>, in the order they are sent; none for text-to-image), the prompt and the model
    /// parameters. Result <c>n</c> is saved as <c>&lt;NameStem&gt;_&lt;n&gt;.png</c>.
    /// </summary>
    /// <param name="PromptNumber">Which prompt of the photo (folder layout) or the row number (job file), 1-based.</param>
    /// <param name="Row">The job file row it came from; null in the folder layout.</param>
    /// <param name="Name">The row's own <c>Name</c>; part of the job's identity, so a renamed row is a new job.</param>
    internal sealed record JobRequest(
        IReadOnlyList<int> ImageIndexes,
        string Prompt,
        int PromptNumber,
        string Model,
        string AspectRatio,
        string? ImageSize,
        int Count,
        string NameStem,
        int? Row = null,
        string? Name = null);
}
