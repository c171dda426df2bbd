namespace Banana.Engine.Planning
{
    /// <summary>A mistake in a job file, located as precisely as the file allows.</summary>
    internal sealed record JobFileProblem(string ErrorId, string Where, string? Column, string Message);
}
