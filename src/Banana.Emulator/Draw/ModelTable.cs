namespace Banana.Emulator.Draw;

/// <summary>
/// The models the service offers, what each accepts and what an image costs (grsai-api.md sections 2 and 3).
/// A copy of the client's ModelCatalog on purpose: the emulator stands for the service and must not follow
/// the client if the client gets it wrong.
/// </summary>
internal static class ModelTable
{
    private static readonly string[] CommonRatios =
        ["auto", "1:1", "16:9", "9:16", "4:3", "3:4", "3:2", "2:3", "5:4", "4:5", "21:9"];

    private static readonly string[] ExtremeRatios = ["1:4", "4:1", "1:8", "8:1"];

    private static readonly string[] NoSizes = [];
    private static readonly string[] AnySize = ["1K", "2K", "4K"];
    private static readonly string[] UpTo2K = ["1K", "2K"];
    private static readonly string[] Only4K = ["4K"];

    private static readonly Dictionary<string, ModelEntry> Entries = new ModelEntry[]
    {
        new("nano-banana-fast", NoSizes, false, 440),
        new("nano-banana", NoSizes, false, 1400),
        new("nano-banana-pro", AnySize, false, 1800),
        new("nano-banana-pro-vt", AnySize, false, 1800),
        new("nano-banana-pro-cl", AnySize, false, 1800),
        new("nano-banana-pro-vip", UpTo2K, false, 7000),
        new("nano-banana-pro-4k-vip", Only4K, false, 7000),
        new("nano-banana-2", AnySize, true, 1300),
        new("nano-banana-2-cl", UpTo2K, true, 1300),
        new("nano-banana-2-4k-cl", Only4K, true, 1300),
    }.ToDictionary(e => e.Name, StringComparer.Ordinal);

    public static ModelEntry? Find(string? model) => model is not null && Entries.TryGetValue(model, out var e) ? e : null;

    internal sealed record ModelEntry(string Name, string[] Sizes, bool TakesExtremeRatios, long CostPerImage)
    {
        public bool Accepts(string aspectRatio)
            => CommonRatios.Contains(aspectRatio, StringComparer.Ordinal)
                || (TakesExtremeRatios && ExtremeRatios.Contains(aspectRatio, StringComparer.Ordinal));
    }
}
