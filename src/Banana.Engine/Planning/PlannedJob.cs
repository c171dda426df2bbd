using System.Collections.Generic;

namespace Banana.Engine.Planning
{
    /// <summary>What this run does with a job of the current inputs.</summary>
    internal enum PlannedAction
    {
        /// <summary>Upload (unless already uploaded), submit, download.</summary>
        Run,
        /// <summary>A task id is recorded: poll it with its key, then download. Never submit again for it.</summary>
        Resume,
        /// <summary>Its outputs exist from an earlier run.</summary>
        Skip,
        /// <summary>
        /// An earlier run finished it; whether its results are still whole on disk is checked while the run goes on:
        /// skipped if they are, made again if not (<see cref="Execution.SavedResultsCheck"/>).
        /// </summary>
        Verify,
        /// <summary>Its output name is taken by a file the manifest does not own, and -Force was not given.</summary>
        RefuseOutputExists,
    }

    /// <summary>
    /// A job of the current inputs: its manifest row, its reference images to upload (indexes into
    /// <see cref="BatchPlan.Images"/>, in the order they are sent; none for text-to-image) and what to do.
    /// <paramref name="ImageUrls"/> are reference images given as URLs instead (a job fed from the PowerShell pipeline).
    /// </summary>
    internal sealed record PlannedJob(int ManifestIndex, IReadOnlyList<int> ImageIndexes, PlannedAction Action, IReadOnlyList<string>? ImageUrls = null);
}
