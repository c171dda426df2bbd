namespace Banana.Engine
{
    /// <summary>How the folder layout turns photos and prompts into jobs.</summary>
    public enum BatchPairing
    {
        /// <summary>Every photo with every prompt (its own prompt file's, or text.txt's).</summary>
        CrossProduct,

        /// <summary>
        /// The n-th photo (sorted by name as Explorer sorts: photo2 before photo10) with the n-th prompt; the counts
        /// must match.
        /// </summary>
        OneToOne,
    }
}
