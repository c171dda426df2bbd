using Banana.Engine;

namespace Banana.PowerShell.Pipeline
{
    /// <summary>The cmdlets' names for the settings the engine's advice refers to: what a PowerShell user types.</summary>
    internal static class PowerShellWording
    {
        public static readonly HostWording Instance = new HostWording
        {
            ApiKey = "-ApiKey",
            ApiKeyVariable = "$env:GRSAI_API_KEY",
            OutputFolder = "-OutputPath",
            Force = "-Force",
            Prompt = "-Prompt",
            InputFolder = "-Path",
            MaxCredits = "-MaxCredits",
            JobFile = "-JobFile",
            OneToOnePairing = "-Pairing OneToOne",
        };
    }
}
