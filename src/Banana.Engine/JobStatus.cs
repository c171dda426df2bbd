namespace Banana.Engine
{
    /// <summary>Final state of one job.</summary>
    public enum JobStatus
    {
        Succeeded,
        Failed,
        /// <summary>Its outputs already existed from an earlier run.</summary>
        Skipped,
        /// <summary>Stopped by Ctrl+C or a batch-wide stop before it finished; a rerun resumes it.</summary>
        Cancelled,
    }
}
