using System;

namespace Banana.Engine
{
    /// <summary>Batch-wide counts, reported (throttled) while the batch runs.</summary>
    public sealed record BatchProgress(
        int Total,
        int Completed,
        int Uploading,
        int Generating,
        int Downloading,
        int Succeeded,
        int Failed,
        int Skipped,
        TimeSpan Elapsed,
        TimeSpan? EstimatedRemaining);
}
