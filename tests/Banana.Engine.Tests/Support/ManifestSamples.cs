using Banana.Client;
using Banana.Engine.Manifest;

namespace Banana.Engine.Tests.Support;

/// <summary>Manifest rows the tests of reading and keeping rows share.</summary>
internal static class ManifestSamples
{
    /// <summary>A row with every field away from its default, so a field the reader skips cannot go unnoticed.</summary>
    public static ManifestJob EveryFieldSet() => new()
    {
        Id = "0123456789abcdef",
        SourcePath = "/photos/模特.png",
        SourceSha256 = "aa11",
        References =
        [
            new ManifestReference("/photos/模特.png", "aa11", "https://cdn.example/a.png", new ManifestUpload(800, 600, 12345, "jpeg", true)),
            new ManifestReference("/photos/dress.png", "bb22"),
        ],
        Row = 7,
        Prompt = "换一个自然休闲优雅的pose",
        PromptNumber = 3,
        Model = "nano-banana-pro",
        AspectRatio = "3:4",
        ImageSize = "2K",
        N = 2,
        OutputName = "模特_p3_2.png",
        Status = ManifestJobStatus.Downloading,
        UploadUrl = "https://cdn.example/a.png",
        Upload = new ManifestUpload(800, 600, 12345, "jpeg", true),
        KeyNumber = 2,
        TaskId = "task-42",
        Api = GrsaiApi.Generate,
        Attempts = 3,
        ErrorId = "ServiceUnavailable",
        Error = "the service said \"busy\"",
        Outputs = ["模特_p3_2.png", "模特_p3_2-2.png"],
        ResultUrls = ["https://cdn.example/r1.png", "https://cdn.example/r2.png"],
        Content = "Here it is.",
        ExpiredResubmissions = 1,
        MayHaveBeenCharged = true,
        UpdatedAt = new DateTimeOffset(2026, 12, 2, 3, 4, 5, TimeSpan.FromHours(8)),
    };
}
