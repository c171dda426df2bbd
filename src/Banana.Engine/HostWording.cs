namespace Banana.Engine
{
    /// <summary>
    /// How the host names the settings the engine's advice refers to ("choose another output folder", "use the force
    /// option"). The engine knows the facts; only the host knows what its user types, so it supplies these words
    /// (the PowerShell module: <c>-OutputPath</c>, <c>-Force</c> ...). The defaults name no host's syntax.
    /// </summary>
    public sealed class HostWording
    {
        public static readonly HostWording Neutral = new HostWording();

        /// <summary>Where keys are given ("-ApiKey" in PowerShell).</summary>
        public string ApiKey { get; set; } = "the API key option";

        /// <summary>The environment variable holding the key, as the user would set it.</summary>
        public string ApiKeyVariable { get; set; } = "the environment variable GRSAI_API_KEY";

        /// <summary>The output folder setting, as in "choose another ...".</summary>
        public string OutputFolder { get; set; } = "output folder";

        /// <summary>The switch that replaces existing files.</summary>
        public string Force { get; set; } = "the force option";

        /// <summary>The setting that passes prompts directly.</summary>
        public string Prompt { get; set; } = "the prompt option";

        /// <summary>The setting that caps a run's spend ("-MaxCredits").</summary>
        public string MaxCredits { get; set; } = "the credit budget option";

        /// <summary>The input folder setting.</summary>
        public string InputFolder { get; set; } = "the input folder option";

        /// <summary>The setting that names a job file.</summary>
        public string JobFile { get; set; } = "the job file option";

        /// <summary>The setting that pairs the n-th photo with the n-th prompt.</summary>
        public string OneToOnePairing { get; set; } = "one-to-one pairing";
    }
}
