using System.Text.Json;

namespace Banana.Emulator.Models;

/// <summary>
/// The service's models: the embedded <c>service-models.json</c> (the emulator's own reading of docs/protocol.md#models),
/// with the configured extra models on top (same name: the extra one wins).
/// Deliberately shares nothing with the client's catalog, so a mistake made there shows up here.
/// </summary>
internal static class ModelTable
{
    private static readonly Lazy<IReadOnlyList<EmulatorModel>> Embedded = new(Load);

    public static IReadOnlyList<EmulatorModel> BuiltIn => Embedded.Value;

    public static EmulatorModel? Find(EmulatorSettings settings, string name)
        => settings.ExtraModels.LastOrDefault(m => string.Equals(m.Name, name, StringComparison.Ordinal))
            ?? BuiltIn.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.Ordinal));

    private static IReadOnlyList<EmulatorModel> Load()
    {
        using var stream = typeof(ModelTable).Assembly.GetManifestResourceStream("Banana.Emulator.service-models.json")
            ?? throw new InvalidOperationException("The embedded model table is missing from the emulator build.");
        using var document = JsonDocument.Parse(stream);
        var root = document.RootElement;
        var ratioSets = root.GetProperty("ratioSets").EnumerateObject()
            .ToDictionary(set => set.Name, set => Strings(set.Value), StringComparer.Ordinal);
        return root.GetProperty("models").EnumerateArray().Select(model => new EmulatorModel
        {
            Name = model.GetProperty("name").GetString()!,
            ImageSizes = Strings(model.GetProperty("imageSizes")),
            AspectRatios = ratioSets[model.GetProperty("ratios").GetString()!],
            Credits = model.GetProperty("credits").GetInt64(),
        }).ToArray();
    }

    private static string[] Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();
}
