using System.Text.Json;
using Banana.Client.Catalog;
using Banana.Client.Tests.Fakes;
using Xunit;

namespace Banana.Client.Tests.Client;

/// <summary>The catalog as data: the built-in entries of docs/protocol.md#models, a user's file over them, and unknown models.</summary>
public sealed class ModelCatalogTests : IDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("banana-catalog-");

    public void Dispose() => folder.Delete(recursive: true);

    private string UserFile(string json)
    {
        var path = Path.Combine(folder.FullName, "models.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Theory]
    [InlineData("nano-banana-2-lite", new[] { "1K", "2K" })]
    [InlineData("nano-banana-2-2k-cl", new[] { "2K" })]
    [InlineData("nano-banana-2-cl", new[] { "1K" })]
    [InlineData("nano-banana-pro-cl", new[] { "1K" })]
    [InlineData("nano-banana-pro-4k-vip", new[] { "4K" })]
    [InlineData("nano-banana-fast", new string[0])]
    public void The_built_in_data_follows_the_current_public_lists(string model, string[] sizes)
    {
        var entry = CatalogData.Load(userFile: null).Find(model);

        Assert.NotNull(entry);
        Assert.Equal(sizes, entry!.ImageSizes);
        Assert.Equal(CatalogData.BuiltInSource, entry.Source);
    }

    [Fact]
    public void The_2k_cl_model_has_the_nano_banana_2_familys_extra_ratios_and_the_pro_models_do_not()
    {
        var data = CatalogData.Load(userFile: null);

        Assert.Contains("1:8", data.Find("nano-banana-2-2k-cl")!.AspectRatios!);
        Assert.DoesNotContain("1:8", data.Find("nano-banana-pro")!.AspectRatios!);
    }

    [Fact]
    public void Every_built_in_entry_has_checked_lists_a_duration_and_the_data_a_date()
    {
        var data = CatalogData.Load(userFile: null);

        Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", data.CheckedOn);
        Assert.All(data.Entries, e =>
        {
            Assert.NotNull(e.ImageSizes);
            Assert.NotNull(e.AspectRatios);
            Assert.Contains("auto", e.AspectRatios!);
            Assert.NotNull(e.TypicalDuration);
        });
    }

    [Fact]
    public void A_user_file_adds_models_and_overrides_only_the_fields_it_gives()
    {
        var path = UserFile("""
            { "models": [
                { "name": "nano-banana-3", "imageSizes": ["2K"], "credits": 2500 },
                { "name": "nano-banana-fast", "credits": 500 }
            ] }
            """);

        var data = CatalogData.Load(path);

        var added = data.Find("nano-banana-3")!;
        Assert.Equal(["2K"], added.ImageSizes);
        Assert.Null(added.AspectRatios);
        Assert.Equal(path, added.Source);
        var fast = data.Find("nano-banana-fast")!;
        Assert.Equal(500, fast.Credits);
        Assert.Empty(fast.ImageSizes!);
        Assert.Contains("16:9", fast.AspectRatios!);
        Assert.Equal("nano-banana-3", data.Entries[^1].Name);
    }

    [Theory]
    [InlineData("{ \"models\": [ { \"name\": ")]
    [InlineData("{ \"items\": [] }")]
    [InlineData("{ \"models\": [ { \"credits\": 5 } ] }")]
    [InlineData("{ \"models\": [ { \"name\": \"x\", \"credits\": -5 } ] }")]
    public void A_broken_user_file_is_a_clear_error_naming_it(string json)
    {
        var path = UserFile(json);

        var error = Assert.Throws<ModelCatalogException>(() => CatalogData.Load(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Equal("ModelCatalogInvalid", error.ErrorId);
    }

    [Fact]
    public void A_missing_user_file_is_no_error()
        => Assert.NotEmpty(CatalogData.Load(Path.Combine(folder.FullName, "none.json")).Entries);

    [Fact]
    public void An_unknown_model_is_a_warning_naming_it_never_a_refusal()
    {
        var warning = ModelCatalog.Validate("nano-banana-from-tomorrow", "7:3", "8K");

        Assert.NotNull(warning);
        Assert.Contains("'nano-banana-from-tomorrow' is not in the catalog: sizes and ratios not checked", warning, StringComparison.Ordinal);
        Assert.DoesNotContain("-Model", warning, StringComparison.Ordinal);
        Assert.Null(ModelCatalog.Validate("nano-banana-pro", "16:9", "2K"));
    }

    [Theory]
    [InlineData("nano-banana-2-cl", "auto", "2K", "ImageSize")]
    [InlineData("nano-banana-2-2k-cl", "auto", "1K", "ImageSize")]
    [InlineData("nano-banana-2-lite", "auto", "4K", "ImageSize")]
    [InlineData("nano-banana-pro-cl", "1:4", null, "AspectRatio")]
    [InlineData("nano-banana", "auto", "1K", "ImageSize")]
    [InlineData("", "auto", null, "Model")]
    public void A_combination_the_catalog_knows_to_be_wrong_is_refused(string model, string ratio, string? size, string parameter)
    {
        var error = Assert.Throws<GrsaiValidationException>(() => ModelCatalog.Validate(model, ratio, size));

        Assert.Equal(parameter, error.ParameterName);
        Assert.DoesNotContain("-ImageSize", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_client_sends_an_unknown_model_as_asked_and_logs_the_warning_once()
    {
        var log = new List<string>();
        var handler = new ScriptedHandler().On("/v1/draw/nano-banana", Answer.Json("""{"code":0,"msg":"success","data":{"id":"t-u"}}"""));
        var client = TestSetup.Client(handler, TestSetup.Options(log: log));
        var request = TestSetup.Request(model: "nano-banana-from-tomorrow", ratio: "7:3", size: "8K");

        await client.SubmitAsync(request, CancellationToken.None);
        await client.SubmitAsync(request, CancellationToken.None);

        Assert.Equal(2, handler.Count("/v1/draw/nano-banana"));
        using var body = JsonDocument.Parse(handler.Requests[0].BodyText);
        Assert.Equal("nano-banana-from-tomorrow", body.RootElement.GetProperty("model").GetString());
        Assert.Equal("8K", body.RootElement.GetProperty("imageSize").GetString());
        Assert.Single(log, line => line.Contains("not in the catalog", StringComparison.Ordinal));
    }
}
