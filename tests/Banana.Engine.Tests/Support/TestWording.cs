namespace Banana.Engine.Tests.Support;

/// <summary>A host's own names for its settings, unlike any cmdlet's, so a test sees the advice use the host's words.</summary>
internal static class TestWording
{
    public static readonly HostWording Instance = new()
    {
        ApiKey = "--api-key",
        ApiKeyVariable = "BANANA_TEST_KEY_VARIABLE",
        OutputFolder = "--out",
        Force = "--force",
        Prompt = "--prompt",
        InputFolder = "--in",
    };
}
