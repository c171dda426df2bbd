using Banana.Emulator;
using Xunit;

namespace Banana.Client.Tests.Emulator;

public sealed class DrawEmulatorTests
{
    [Fact]
    public async Task Stream_sends_the_id_at_once_then_three_progress_frames_then_the_final_frame()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorSettings { GenerationLatency = TimeSpan.FromMilliseconds(200) });
        using var client = new EmulatorTestClient(server);

        var frames = await client.StreamAsync(EmulatorTestClient.Draw(webHook: null));

        Assert.Equal([0, 25, 50, 75, 100], frames.Select(f => f.GetProperty("progress").GetInt32()));
        Assert.Equal(["running", "running", "running", "running", "succeeded"], frames.Select(f => f.GetProperty("status").GetString()));
        Assert.All(frames, f => Assert.Equal(frames[0].GetProperty("id").GetString(), f.GetProperty("id").GetString()));
        Assert.EndsWith(".png", frames[^1].GetProperty("results")[0].GetProperty("url").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ShutProgress_stream_carries_only_the_final_frame()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorSettings { GenerationLatency = TimeSpan.FromMilliseconds(200) });
        using var client = new EmulatorTestClient(server);

        var frames = await client.StreamAsync(EmulatorTestClient.Draw(webHook: null, shutProgress: true));

        var only = Assert.Single(frames);
        Assert.Equal("succeeded", only.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Progress_frames_can_be_turned_off_leaving_first_and_final()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorSettings
        {
            GenerationLatency = TimeSpan.FromMilliseconds(300),
            ProgressFrames = false,
        });
        using var client = new EmulatorTestClient(server);

        var frames = await client.StreamAsync(EmulatorTestClient.Draw(webHook: null));

        Assert.Equal(2, frames.Count);
        Assert.Equal("succeeded", frames[1].GetProperty("status").GetString());
    }

    [Fact]
    public async Task WebHook_minus_one_answers_an_id_that_polls_as_running_while_the_task_generates()
    {
        // Far longer than any test: the task is certainly still running when polled, however loaded the machine.
        await using var server = await EmulatorServer.StartAsync(new EmulatorSettings { GenerationLatency = TimeSpan.FromMinutes(10) });
        using var client = new EmulatorTestClient(server);

        var id = await client.SubmitAsync(EmulatorTestClient.Draw());
        var (_, early) = await client.PollAsync(id);

        var snapshot = early.GetProperty("data");
        Assert.Equal(id, snapshot.GetProperty("id").GetString());
        Assert.Equal("running", snapshot.GetProperty("status").GetString());
        Assert.InRange(snapshot.GetProperty("progress").GetInt32(), 0, 99);
        Assert.Empty(snapshot.GetProperty("results").EnumerateArray());
    }

    [Fact]
    public async Task WebHook_minus_one_answers_an_id_that_polls_as_succeeded_once_the_task_is_done()
    {
        await using var server = await EmulatorServer.StartAsync();
        using var client = new EmulatorTestClient(server);

        var id = await client.SubmitAsync(EmulatorTestClient.Draw());
        var final = await client.WaitForFinalAsync(id);

        Assert.Equal("succeeded", final.GetProperty("status").GetString());
        Assert.Equal(id, final.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Polling_an_unknown_id_or_another_keys_task_answers_minus_22()
    {
        await using var server = await EmulatorServer.StartAsync();
        using var owner = new EmulatorTestClient(server, "sk-owner");
        using var stranger = new EmulatorTestClient(server, "sk-stranger");
        var id = await owner.SubmitAsync(EmulatorTestClient.Draw());

        var (_, unknown) = await owner.PollAsync(Guid.NewGuid().ToString());
        var (_, foreign) = await stranger.PollAsync(id);

        Assert.Equal(-22, unknown.GetProperty("code").GetInt32());
        Assert.Equal("task not found", unknown.GetProperty("msg").GetString());
        Assert.Equal(-22, foreign.GetProperty("code").GetInt32());
    }

    [Theory]
    [InlineData("nano-banana-fast", "", "auto", null, "prompt")]
    [InlineData("nano-banana-ultra", "a cat", "auto", null, "model")]
    [InlineData("nano-banana-fast", "a cat", "7:3", null, "aspectRatio")]
    [InlineData("nano-banana-pro", "a cat", "1:8", null, "aspectRatio")]
    [InlineData("nano-banana", "a cat", "auto", "1K", "imageSize")]
    [InlineData("nano-banana-pro-vip", "a cat", "auto", "4K", "imageSize")]
    [InlineData("nano-banana-2-4k-cl", "a cat", "auto", "2K", "imageSize")]
    public async Task Invalid_requests_answer_code_minus_one_naming_the_field_and_submit_nothing(
        string model, string prompt, string ratio, string? size, string field)
    {
        await using var server = await EmulatorServer.StartAsync();
        using var client = new EmulatorTestClient(server);

        var (_, body) = await client.PostJsonAsync("v1/draw/nano-banana", EmulatorTestClient.Draw(prompt, model, aspectRatio: ratio, imageSize: size));

        Assert.Equal(-1, body.GetProperty("code").GetInt32());
        Assert.Contains(field, body.GetProperty("msg").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, server.Stats.Submissions);
        Assert.Equal(body.GetProperty("msg").GetString(), Assert.Single(server.Stats.Refusals).Reason);
    }

    [Theory]
    [InlineData("nano-banana-2", "1:8", "4K")]
    [InlineData("nano-banana-pro-4k-vip", "16:9", "4K")]
    [InlineData("nano-banana", "21:9", null)]
    public async Task Valid_combinations_are_accepted(string model, string ratio, string? size)
    {
        await using var server = await EmulatorServer.StartAsync();
        using var client = new EmulatorTestClient(server);

        var id = await client.SubmitAsync(EmulatorTestClient.Draw("a cat", model, aspectRatio: ratio, imageSize: size));

        Assert.Equal("succeeded", (await client.WaitForFinalAsync(id)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Malformed_json_answers_code_minus_four()
    {
        await using var server = await EmulatorServer.StartAsync();
        using var client = new EmulatorTestClient(server);
        using var content = new StringContent("{\"model\":", System.Text.Encoding.UTF8, "application/json");

        using var response = await client.Http.PostAsync("v1/draw/nano-banana", content);

        Assert.Contains("\"code\":-4", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Uploaded_and_data_uri_references_resolve_but_an_unknown_url_fails_the_task_with_error()
    {
        await using var server = await EmulatorServer.StartAsync();
        using var client = new EmulatorTestClient(server);
        var uploaded = await client.UploadFormAsync([1, 2, 3, 4]);
        const string dataUri = "data:image/png;base64,iVBORw0KGgo=";

        var good = await client.WaitForFinalAsync(await client.SubmitAsync(EmulatorTestClient.Draw(urls: [uploaded, dataUri])));
        var bad = await client.WaitForFinalAsync(await client.SubmitAsync(EmulatorTestClient.Draw(urls: ["https://example.invalid/x.jpg"])));

        Assert.Equal("succeeded", good.GetProperty("status").GetString());
        Assert.Equal("failed", bad.GetProperty("status").GetString());
        Assert.Equal("error", bad.GetProperty("failure_reason").GetString());
        Assert.Contains("example.invalid", bad.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Moderation_marker_in_the_prompt_fails_with_input_moderation()
    {
        await using var server = await EmulatorServer.StartAsync();
        using var client = new EmulatorTestClient(server);

        var final = await client.WaitForFinalAsync(await client.SubmitAsync(EmulatorTestClient.Draw("please MODERATE_ME now")));

        Assert.Equal("failed", final.GetProperty("status").GetString());
        Assert.Equal("input_moderation", final.GetProperty("failure_reason").GetString());
        Assert.Equal(1, server.Stats.FailuresByReason["input_moderation"]);
    }
}
