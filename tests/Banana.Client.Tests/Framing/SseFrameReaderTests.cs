using System.Text;
using Banana.Client.Draw;
using Banana.Client.Tests.Fakes;
using Xunit;

namespace Banana.Client.Tests.Framing;

public sealed class SseFrameReaderTests
{
    private const string First = """{"id":"t-1","status":"running","progress":10}""";
    private const string Last = """{"id":"t-1","status":"succeeded","progress":100,"results":[{"url":"https://x/1.png"}]}""";

    private static async Task<List<DrawFrame>> ReadAll(Stream stream)
    {
        var reader = new SseFrameReader(stream);
        var frames = new List<DrawFrame>();
        while (await reader.ReadAsync(CancellationToken.None) is { } frame)
        {
            frames.Add(frame);
        }

        return frames;
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    public async Task Reads_each_data_line_as_one_frame_whatever_the_line_ending(string newline)
    {
        var body = $"data: {First}{newline}{newline}data: {Last}{newline}";

        var frames = await ReadAll(ScriptedStream.OfText(body));

        Assert.Equal([First, Last], frames.Select(f => f.Json));
        Assert.All(frames, f => Assert.False(f.IsPlainBody));
    }

    [Fact]
    public async Task Skips_blank_lines_comments_and_sse_fields()
    {
        var body = $"\r\n\r\n: keep-alive\nevent: message\nid: 7\nretry: 1000\ndata:{First}\n\n\n   \ndata:  {Last}  \n";

        var frames = await ReadAll(ScriptedStream.OfText(body));

        Assert.Equal([First, Last], frames.Select(f => f.Json));
    }

    [Fact]
    public async Task Reassembles_frames_delivered_one_byte_per_read()
    {
        var body = $"data: {First}\r\n\r\ndata: {Last}\r\n";

        var frames = await ReadAll(ScriptedStream.ByteByByte(body));

        Assert.Equal([First, Last], frames.Select(f => f.Json));
    }

    [Fact]
    public async Task Keeps_multibyte_characters_that_are_split_across_reads()
    {
        var frame = """{"id":"t-1","status":"failed","error":"积分不足，请充值"}""";

        var frames = await ReadAll(ScriptedStream.ByteByByte($"data: {frame}\n"));

        Assert.Equal(frame, Assert.Single(frames).Json);
    }

    [Fact]
    public async Task Takes_a_last_line_without_newline()
    {
        var frames = await ReadAll(ScriptedStream.OfText($"data: {First}\ndata: {Last}"));

        Assert.Equal(Last, frames[^1].Json);
    }

    [Fact]
    public async Task Stops_at_a_done_marker()
    {
        var frames = await ReadAll(ScriptedStream.OfText($"data: {Last}\n\ndata: [DONE]\n\ndata: {First}\n"));

        Assert.Equal(Last, Assert.Single(frames).Json);
    }

    [Theory]
    [InlineData("""{"code":-1,"msg":"积分不足"}""")]
    [InlineData("""{"id":"t-9","failure_reason":"input_moderation","error":"sensitive"}""")]
    public async Task Returns_a_body_that_is_not_a_stream_whole_as_a_plain_body(string json)
    {
        var frames = await ReadAll(ScriptedStream.ByteByByte(json));

        var frame = Assert.Single(frames);
        Assert.True(frame.IsPlainBody);
        Assert.Equal(json, frame.Json);
    }

    [Fact]
    public async Task Returns_pretty_printed_error_json_across_lines_as_one_body()
    {
        var json = "{\r\n  \"code\": -1,\r\n  \"msg\": \"bad model\"\r\n}\r\n";

        var frame = Assert.Single(await ReadAll(ScriptedStream.OfLines(ScriptedStream.Ending.Close, json[..7], json[7..])));

        Assert.True(frame.IsPlainBody);
        Assert.Equal(json.Trim().Replace("\r\n", "\n", StringComparison.Ordinal), frame.Json.Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Ends_cleanly_on_an_empty_body()
    {
        Assert.Empty(await ReadAll(new MemoryStream()));
    }

    [Fact]
    public async Task Refuses_a_line_longer_than_its_limit()
    {
        var reader = new SseFrameReader(new MemoryStream(Encoding.ASCII.GetBytes("data: " + new string('x', 100_000))), maxLineBytes: 16 * 1024);

        await Assert.ThrowsAsync<GrsaiProtocolException>(() => reader.ReadAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Surfaces_a_broken_connection_after_the_frames_it_got()
    {
        var reader = new SseFrameReader(ScriptedStream.OfText($"data: {First}\n", ScriptedStream.Ending.Break));

        Assert.Equal(First, (await reader.ReadAsync(CancellationToken.None))!.Json);
        await Assert.ThrowsAsync<IOException>(() => reader.ReadAsync(CancellationToken.None));
    }
}
