namespace Banana.Emulator.State;

/// <summary>Which of the service's two APIs created a task: each API polls only its own tasks.</summary>
internal enum ServiceApi
{
    /// <summary><c>/v1/draw/nano-banana</c>, polled at <c>/v1/draw/result</c>.</summary>
    Draw,
    /// <summary><c>/v1/api/generate</c>, polled at <c>/v1/api/result</c>.</summary>
    Generate,
}
