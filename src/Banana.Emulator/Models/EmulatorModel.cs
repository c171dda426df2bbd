namespace Banana.Emulator;

/// <summary>
/// A model as the emulated service knows it: the sizes it takes (none: <c>imageSize</c> must not be sent), the
/// aspect ratios it offers and what one image costs. The built-in table (<see cref="EmulatorSettings.BuiltInModels"/>)
/// is the emulator's own data; <see cref="EmulatorSettings.ExtraModels"/> adds or replaces entries, e.g. a model the
/// service knows and the client's catalog does not.
/// </summary>
public sealed record EmulatorModel
{
    public required string Name { get; init; }

    /// <summary>The <c>imageSize</c> values it takes; empty for a model that takes no size.</summary>
    public IReadOnlyList<string> ImageSizes { get; init; } = [];

    /// <summary>The <c>aspectRatio</c> values it offers (<c>auto</c> included when it does).</summary>
    public required IReadOnlyList<string> AspectRatios { get; init; }

    /// <summary>Credits one image costs.</summary>
    public long Credits { get; init; }
}
