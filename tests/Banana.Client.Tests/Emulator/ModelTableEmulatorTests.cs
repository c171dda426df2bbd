using System.Net;
using System.Text;
using System.Text.Json;
using Banana.Emulator;
using Xunit;

namespace Banana.Client.Tests.Emulator;

/// <summary>The service's models as the emulator's own data (docs/protocol.md#models), and models added by configuration.</summary>
public sealed class ModelTableEmulatorTests
{
    [Theory]
    [InlineData("nano-banana-2-lite", "2K", "4:1", true)]
    [InlineData("nano-banana-2-lite", "4K", "auto", false)]
    [InlineData("nano-banana-2-2k-cl", "2K", "1:8", true)]
    [InlineData("nano-banana-2-2k-cl", "1K", "auto", false)]
    [InlineData("nano-banana-2-cl", "1K", "8:1", true)]
    [InlineData("nano-banana-2-cl", "2K", "auto", false)]
    [InlineData("nano-banana-pro-cl", "1K", "16:9", true)]
    [InlineData("nano-banana-pro-cl", "2K", "auto", false)]
    [InlineData("nano-banana-pro-cl", "1K", "1:4", false)]
    [InlineData("nano-banana-pro-4k-vip", "4K", "21:9", true)]
    public async Task The_built_in_table_judges_sizes_and_ratios_on_both_apis(string model, string size, string ratio, bool accepted)
    {
        await using var server = await EmulatorServer.StartAsync();
        using var client = new EmulatorTestClient(server);

        var (_, draw) = await client.PostJsonAsync("v1/draw/nano-banana", EmulatorTestClient.Draw("a cat", model, aspectRatio: ratio, imageSize: size));
        var (generate, _) = await client.PostJsonAsync("v1/api/generate", EmulatorTestClient.Generate("a cat", model, aspectRatio: ratio, imageSize: size));

        Assert.Equal(accepted ? 0 : -1, draw.GetProperty("code").GetInt32());
        Assert.Equal(accepted ? HttpStatusCode.OK : HttpStatusCode.BadRequest, generate.StatusCode);
        Assert.Equal(accepted ? 2 : 0, server.Stats.Submissions);
        Assert.Equal(accepted ? 0 : 2, server.Stats.RefusalCount);
    }

    [Fact]
    public async Task An_extra_model_makes_the_service_know_a_model_and_charges_its_price()
    {
        var extra = new EmulatorModel { Name = "nano-banana-3", ImageSizes = ["2K"], AspectRatios = ["auto", "1:1"], Credits = 2500 };
        await using var server = await EmulatorServer.StartAsync(new EmulatorSettings { ExtraModels = [extra] });
        using var client = new EmulatorTestClient(server);

        var id = await client.SubmitAsync(EmulatorTestClient.Draw("a cat", "nano-banana-3", imageSize: "2K"));
        var (_, wrongSize) = await client.PostJsonAsync("v1/draw/nano-banana", EmulatorTestClient.Draw("a cat", "nano-banana-3", imageSize: "1K"));

        Assert.Equal("succeeded", (await client.WaitForFinalAsync(id)).GetProperty("status").GetString());
        Assert.Equal(-1, wrongSize.GetProperty("code").GetInt32());
        Assert.Equal(2500, server.Stats.CreditsCharged);
        Assert.DoesNotContain(EmulatorSettings.BuiltInModels, m => m.Name == "nano-banana-3");
    }

    [Fact]
    public async Task Extra_models_come_through_the_control_api_and_replace_a_built_in_entry_of_the_same_name()
    {
        await using var server = await EmulatorServer.StartAsync();
        using var control = new HttpClient { BaseAddress = server.BaseUri };
        using var client = new EmulatorTestClient(server);
        var (_, before) = await client.PostJsonAsync("v1/draw/nano-banana", EmulatorTestClient.Draw("a cat", "nano-banana-2-cl", imageSize: "2K"));

        using var configured = await control.PostAsync("_emulator/config", new StringContent("""
            { "extraModels": [
                { "name": "nano-banana-2-cl", "imageSizes": ["1K", "2K"], "aspectRatios": ["auto"], "credits": 999 },
                { "name": "gemini-flash-image", "aspectRatios": ["auto"], "credits": 10 } ] }
            """, Encoding.UTF8, "application/json"));
        var (_, after) = await client.PostJsonAsync("v1/draw/nano-banana", EmulatorTestClient.Draw("a cat", "nano-banana-2-cl", imageSize: "2K"));
        var (_, unsized) = await client.PostJsonAsync("v1/draw/nano-banana", EmulatorTestClient.Draw("a cat", "gemini-flash-image"));

        configured.EnsureSuccessStatusCode();
        Assert.Equal(-1, before.GetProperty("code").GetInt32());
        Assert.Equal(0, after.GetProperty("code").GetInt32());
        Assert.Equal(0, unsized.GetProperty("code").GetInt32());
        Assert.Equal(999 + 10, server.Stats.CreditsCharged);
    }

    [Fact]
    public void The_built_in_table_is_the_emulators_own_data_and_lists_the_current_models()
    {
        var names = EmulatorSettings.BuiltInModels.Select(m => m.Name).ToArray();

        Assert.Contains("nano-banana-2-lite", names);
        Assert.Contains("nano-banana-2-2k-cl", names);
        Assert.Equal(names.Length, names.Distinct(StringComparer.Ordinal).Count());
        Assert.All(EmulatorSettings.BuiltInModels, m => Assert.Contains("auto", m.AspectRatios));
        Assert.DoesNotContain(typeof(EmulatorServer).Assembly.GetReferencedAssemblies(), a => a.Name == "Banana.Client");
        Assert.Empty(JsonSerializer.Serialize(EmulatorSettings.BuiltInModels.Where(m => m.Credits <= 0)).Trim('[', ']'));
    }
}
