namespace Banana.Engine
{
    /// <summary>
    /// A generation whose output name is already claimed (see <see cref="GenerationRunner.Prepare"/>): made in the
    /// order the jobs were given, run in whatever order the concurrency allows.
    /// </summary>
    public sealed class PreparedGeneration
    {
        internal PreparedGeneration(GenerationSpec spec, string? outputName)
        {
            Spec = spec;
            OutputName = outputName;
        }

        public GenerationSpec Spec { get; }

        /// <summary>The result's file name in the output folder; null without one, or when it follows from the task id.</summary>
        internal string? OutputName { get; }
    }
}
