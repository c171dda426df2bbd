namespace Banana.Engine
{
    /// <summary>How <see cref="GenerationRunner"/> saves results and how often it resubmits a failed task.</summary>
    public sealed class GenerationRunnerOptions
    {
        /// <summary>Folder for the results; null keeps them at their URLs only.</summary>
        public string? OutputDirectory { get; set; }

        /// <summary>Replace existing files with the same names.</summary>
        public bool Force { get; set; }

        /// <summary>Submissions of one job in total when its task fails with <c>failure_reason: "error"</c>.</summary>
        public int MaxTaskAttempts { get; set; } = 3;
    }
}
