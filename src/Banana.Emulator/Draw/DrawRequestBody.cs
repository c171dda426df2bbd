namespace Banana.Emulator.Draw;

/// <summary>The body of <c>POST /v1/draw/nano-banana</c> as clients send it.</summary>
internal sealed class DrawRequestBody
{
    public string? Model { get; set; }

    public string? Prompt { get; set; }

    public List<string>? Urls { get; set; }

    public string? AspectRatio { get; set; }

    public string? ImageSize { get; set; }

    public string? WebHook { get; set; }

    public bool ShutProgress { get; set; }

    public string? Cdn { get; set; }
}
