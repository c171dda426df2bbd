using System.Net;
using Banana.Emulator;
using Xunit;

namespace Banana.Client.Tests.Emulator;

public sealed class ResultImageEmulatorTests
{
    [Fact]
    public async Task Results_are_valid_pngs_that_differ_between_jobs_and_repeat_for_one_job()
    {
        await using var server = await EmulatorServer.StartAsync();
        using var client = new EmulatorTestClient(server);

        var first = await DownloadResultAsync(client, EmulatorTestClient.Draw("a red apple"));
        var again = await client.Http.GetByteArrayAsync(first.Url);
        var second = await DownloadResultAsync(client, EmulatorTestClient.Draw("a green pear"));

        PngAssert.IsValid(first.Bytes);
        PngAssert.IsValid(second.Bytes);
        Assert.Equal(first.Bytes, again);
        Assert.NotEqual(first.Bytes, second.Bytes);
        Assert.InRange(first.Bytes.Length, 200, 64 * 1024);
        Assert.Equal(3, server.Stats.Downloads);
    }

    [Fact]
    public async Task Result_shape_follows_the_aspect_ratio()
    {
        await using var server = await EmulatorServer.StartAsync();
        using var client = new EmulatorTestClient(server);

        var wide = await DownloadResultAsync(client, EmulatorTestClient.Draw(aspectRatio: "16:9"));
        var (width, height) = PngAssert.IsValid(wide.Bytes);

        Assert.True(width > height, $"{width}x{height}");
    }

    [Fact]
    public async Task Result_expires_once_the_configured_ttl_has_passed_since_the_task_finished()
    {
        await using var server = await EmulatorServer.StartAsync();
        using var client = new EmulatorTestClient(server);
        var result = await DownloadResultAsync(client, EmulatorTestClient.Draw());

        // A zero lifetime has passed for any finished task: no waiting, no clock.
        server.Configure(settings => settings with { ResultTtl = TimeSpan.Zero });
        using var expired = await client.Http.GetAsync(result.Url);

        PngAssert.IsValid(result.Bytes);
        Assert.Equal(HttpStatusCode.NotFound, expired.StatusCode);
    }

    [Fact]
    public async Task Failed_or_unknown_tasks_have_no_image()
    {
        await using var server = await EmulatorServer.StartAsync();
        using var client = new EmulatorTestClient(server);
        var failed = await client.SubmitAsync(EmulatorTestClient.Draw("MODERATE_ME"));
        await client.WaitForFinalAsync(failed);

        using var ofFailed = await client.Http.GetAsync($"results/{failed}.png");
        using var ofUnknown = await client.Http.GetAsync($"results/{Guid.NewGuid()}.png");

        Assert.Equal(HttpStatusCode.NotFound, ofFailed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, ofUnknown.StatusCode);
    }

    internal static async Task<(string Url, byte[] Bytes)> DownloadResultAsync(EmulatorTestClient client, object drawBody)
    {
        var final = await client.WaitForFinalAsync(await client.SubmitAsync(drawBody));
        var url = final.GetProperty("results")[0].GetProperty("url").GetString()!;
        return (url, await client.Http.GetByteArrayAsync(url));
    }
}
