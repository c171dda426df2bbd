namespace Banana.Engine
{
    /// <summary>How a <c>GenerationStream</c> runs its jobs and saves their results.</summary>
    public sealed class GenerationOptions
    {
        /// <summary>Folder for the results; null keeps them at their URLs only.</summary>
        public string? OutputDirectory { get; set; }

        /// <summary>Replace existing files with the same names.</summary>
        public bool Force { get; set; }

        /// <summary>Submissions of one job in total when its task fails with <c>failure_reason: "error"</c>.</summary>
        public int MaxTaskAttempts { get; set; } = 3;

        /// <summary>The most credits the stream may spend by the catalog's prices (see <see cref="BatchOptions.MaxCredits"/>); null: no cap.</summary>
        public double? MaxCredits { get; set; }

        /// <summary>Concurrent generations per key.</summary>
        public int Concurrency { get; set; } = 5;
    }
}
