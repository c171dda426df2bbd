using System.Collections.Generic;

namespace Banana.Engine.Planning
{
    /// <summary>
    /// A checked row of a job file: its reference images (full paths, in the row's order, possibly none), the prompt,
    /// the model parameters (the row's own or the command's), how many results it wants, and its name if it has one.
    /// </summary>
    internal sealed record JobFileRow(
        int Row,
        IReadOnlyList<string> ImagePaths,
        string Prompt,
        string? Name,
        string Model,
        string AspectRatio,
        string? ImageSize,
        int Count);
}
