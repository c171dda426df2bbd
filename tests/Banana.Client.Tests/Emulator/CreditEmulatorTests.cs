using System.Net;
using Banana.Emulator;
using Xunit;

namespace Banana.Client.Tests.Emulator;

public sealed class CreditEmulatorTests
{
    [Fact]
    public async Task Credits_run_down_by_model_cost_and_failed_tasks_cost_nothing()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorSettings
        {
            Credits = new Dictionary<string, long> { [EmulatorTestClient.DefaultKey] = 10_000 },
        });
        using var client = new EmulatorTestClient(server);

        await client.WaitForFinalAsync(await client.SubmitAsync(EmulatorTestClient.Draw(model: "nano-banana-fast")));
        await client.WaitForFinalAsync(await client.SubmitAsync(EmulatorTestClient.Draw(model: "nano-banana")));
        await client.WaitForFinalAsync(await client.SubmitAsync(EmulatorTestClient.Draw("MODERATE_ME", model: "nano-banana")));

        Assert.Equal(10_000 - 440 - 1400, await CreditsAsync(client, EmulatorTestClient.DefaultKey));
    }

    [Fact]
    public async Task A_key_with_too_few_credits_is_refused_on_submit_without_a_task()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorSettings
        {
            Credits = new Dictionary<string, long> { ["sk-poor"] = 500 },
        });
        using var poor = new EmulatorTestClient(server, "sk-poor");

        await poor.SubmitAsync(EmulatorTestClient.Draw());
        var (_, refused) = await poor.PostJsonAsync("v1/draw/nano-banana", EmulatorTestClient.Draw());

        Assert.Equal(-1, refused.GetProperty("code").GetInt32());
        Assert.Equal("credits not enough", refused.GetProperty("msg").GetString());
        Assert.Equal(1, server.Stats.Submissions);
        Assert.Equal(60, await CreditsAsync(poor, "sk-poor"));
    }

    [Fact]
    public async Task Unconfigured_sk_keys_have_the_default_balance()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorSettings { DefaultCredits = 12345 });
        using var client = new EmulatorTestClient(server);

        Assert.Equal(12345, await CreditsAsync(client, "sk-anyone"));
    }

    [Theory]
    [InlineData("sk-rejected")]
    [InlineData("not-a-key")]
    public async Task Rejected_and_malformed_keys_get_401_invalid_api_key(string key)
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorSettings { RejectedKeys = ["sk-rejected"] });
        using var client = new EmulatorTestClient(server, key);

        var (drawResponse, drawBody) = await client.PostJsonAsync("v1/draw/nano-banana", EmulatorTestClient.Draw());
        var (creditsResponse, _) = await client.PostJsonAsync("client/openapi/getAPIKeyCredits", new { apiKey = key });

        Assert.Equal(HttpStatusCode.Unauthorized, drawResponse.StatusCode);
        Assert.Equal(-1, drawBody.GetProperty("code").GetInt32());
        Assert.Equal("invalid api key", drawBody.GetProperty("msg").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, creditsResponse.StatusCode);
    }

    internal static async Task<long> CreditsAsync(EmulatorTestClient client, string apiKey)
    {
        var (_, body) = await client.PostJsonAsync("client/openapi/getAPIKeyCredits", new { apiKey });
        Assert.Equal(0, body.GetProperty("code").GetInt32());
        return body.GetProperty("data").GetProperty("credits").GetInt64();
    }
}
