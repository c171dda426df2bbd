using System.Net;
using System.Net.Http.Json;
using Banana.Emulator;
using Xunit;

namespace Banana.Client.Tests.Emulator;

public sealed class UploadEmulatorTests
{
    private static readonly byte[] Photo = Enumerable.Range(0, 5000).Select(i => (byte)(i * 7)).ToArray();

    [Fact]
    public async Task Form_upload_serves_the_same_bytes_at_domain_slash_key()
    {
        await using var server = await EmulatorServer.StartAsync();
        using var client = new EmulatorTestClient(server);

        var url = await client.UploadFormAsync(Photo);

        using var anonymous = new HttpClient();
        using var served = await anonymous.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("image/jpeg", served.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Photo, await served.Content.ReadAsByteArrayAsync());
        Assert.Equal(1, server.Stats.Uploads);
    }

    [Fact]
    public async Task Token_answer_has_a_uuid_key_with_the_extension_and_this_servers_addresses()
    {
        await using var server = await EmulatorServer.StartAsync();
        using var client = new EmulatorTestClient(server);

        var (_, body) = await client.PostJsonAsync("client/resource/newUploadTokenZH", new { sux = "png" });

        Assert.Equal(0, body.GetProperty("code").GetInt32());
        var data = body.GetProperty("data");
        Assert.Matches("^[0-9a-f]{32}\\.png$", data.GetProperty("key").GetString());
        Assert.StartsWith(server.BaseUri.ToString(), data.GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.StartsWith(server.BaseUri.ToString(), data.GetProperty("domain").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(data.GetProperty("token").GetString()));
    }

    [Fact]
    public async Task Storage_refuses_a_token_issued_for_another_key()
    {
        await using var server = await EmulatorServer.StartAsync();
        using var client = new EmulatorTestClient(server);
        var (_, first) = await client.PostJsonAsync("client/resource/newUploadTokenZH", new { sux = "jpg" });
        var (_, second) = await client.PostJsonAsync("client/resource/newUploadTokenZH", new { sux = "jpg" });

        using var form = new MultipartFormDataContent
        {
            { new StringContent(first.GetProperty("data").GetProperty("token").GetString()!), "token" },
            { new StringContent(second.GetProperty("data").GetProperty("key").GetString()!), "key" },
            { new ByteArrayContent(Photo), "file", "photo.jpg" },
        };
        using var stored = await client.Http.PostAsync(first.GetProperty("data").GetProperty("url").GetString(), form);

        Assert.Equal(HttpStatusCode.Unauthorized, stored.StatusCode);
        Assert.Equal(0, server.Stats.Uploads);
    }

    [Fact]
    public async Task Presigned_put_stores_raw_bytes_served_at_domain_slash_key()
    {
        await using var server = await EmulatorServer.StartAsync();
        using var client = new EmulatorTestClient(server);
        var (_, body) = await client.PostJsonAsync("client/resource/newUploadToken", new { sux = "webp" });
        var data = body.GetProperty("data");

        using var anonymous = new HttpClient();
        using var content = new ByteArrayContent(Photo);
        content.Headers.ContentType = new("application/octet-stream");
        using var put = await anonymous.PutAsync(data.GetProperty("url").GetString(), content);
        put.EnsureSuccessStatusCode();

        var served = await anonymous.GetByteArrayAsync(data.GetProperty("domain").GetString() + "/" + data.GetProperty("key").GetString());
        Assert.Equal(Photo, served);
    }

    [Fact]
    public async Task Unknown_file_is_404_and_token_request_without_key_is_401()
    {
        await using var server = await EmulatorServer.StartAsync();
        using var anonymous = new HttpClient { BaseAddress = server.BaseUri };

        using var missing = await anonymous.GetAsync("files/nothing.jpg");
        using var unauthenticated = await anonymous.PostAsJsonAsync("client/resource/newUploadTokenZH", new { sux = "jpg" });

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);
    }

    [Fact]
    public async Task Bad_extension_answers_code_minus_one()
    {
        await using var server = await EmulatorServer.StartAsync();
        using var client = new EmulatorTestClient(server);

        var (_, body) = await client.PostJsonAsync("client/resource/newUploadTokenZH", new { sux = "../x" });

        Assert.Equal(-1, body.GetProperty("code").GetInt32());
    }
}
