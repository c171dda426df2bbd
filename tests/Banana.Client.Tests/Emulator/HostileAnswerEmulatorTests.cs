using System.IO.Compression;
using Banana.Emulator;
using Xunit;

namespace Banana.Client.Tests.Emulator;

/// <summary>The emulator's hostile answers: a foreign result address or upload domain, and a PNG garbled only inside.</summary>
public sealed class HostileAnswerEmulatorTests
{
    [Fact]
    public async Task A_foreign_result_url_is_what_the_succeeded_task_names_and_nothing_else_changes()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.AddFault(new FaultRule { Endpoint = EmulatorEndpoint.Draw, Kind = FaultKind.ForeignResultUrl, Address = "file:///etc/passwd", Count = 1 });
        using var client = new EmulatorTestClient(server);

        var hostile = await client.WaitForFinalAsync(await client.SubmitAsync(EmulatorTestClient.Draw()));
        var ordinary = await client.WaitForFinalAsync(await client.SubmitAsync(EmulatorTestClient.Draw("a green pear")));

        Assert.Equal("succeeded", hostile.GetProperty("status").GetString());
        Assert.Equal("file:///etc/passwd", hostile.GetProperty("results")[0].GetProperty("url").GetString());
        Assert.StartsWith(server.BaseUri.AbsoluteUri, ordinary.GetProperty("results")[0].GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, server.Stats.Charges);
    }

    [Fact]
    public async Task A_foreign_upload_domain_is_named_by_the_next_token_only()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.AddFault(new FaultRule { Endpoint = EmulatorEndpoint.UploadToken, Kind = FaultKind.ForeignUploadDomain, Address = "javascript:alert(1)", Count = 1 });
        using var client = new EmulatorTestClient(server);

        var (_, hostile) = await client.PostJsonAsync("client/resource/newUploadTokenZH", new { sux = "png" });
        var (_, ordinary) = await client.PostJsonAsync("client/resource/newUploadTokenZH", new { sux = "png" });

        Assert.Equal("javascript:alert(1)", hostile.GetProperty("data").GetProperty("domain").GetString());
        Assert.StartsWith(server.BaseUri.AbsoluteUri, ordinary.GetProperty("data").GetProperty("domain").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_foreign_result_url_rule_without_its_address_is_refused()
    {
        await using var server = await EmulatorServer.StartAsync();
        Assert.Throws<ArgumentException>(() => server.AddFault(new FaultRule { Kind = FaultKind.ForeignResultUrl }));
    }

    [Fact]
    public async Task A_garbled_image_keeps_its_chunks_and_crcs_but_its_pixel_data_does_not_inflate()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.AddFault(new FaultRule { Endpoint = EmulatorEndpoint.Results, Kind = FaultKind.GarbledImage, Count = 1 });
        using var client = new EmulatorTestClient(server);
        var task = await client.WaitForFinalAsync(await client.SubmitAsync(EmulatorTestClient.Draw()));
        var url = task.GetProperty("results")[0].GetProperty("url").GetString()!;

        var garbled = await client.Http.GetByteArrayAsync(url);
        var whole = await client.Http.GetByteArrayAsync(url);

        Assert.Equal(whole.Length, garbled.Length);
        Assert.Equal(whole[..33], garbled[..33]);
        Assert.Equal(whole[^12..], garbled[^12..]);
        var chunks = PngChunks(garbled).ToList();
        Assert.All(chunks, c => Assert.Equal(c.StoredCrc, System.IO.Hashing.Crc32.HashToUInt32(c.TypeAndData)));
        Assert.Throws<InvalidDataException>(() => Inflate(chunks.Where(c => c.Type == "IDAT")));
        Assert.True(Inflate(PngChunks(whole).Where(c => c.Type == "IDAT")) > 0);
        Assert.Equal(1, server.Stats.Downloads);
        Assert.Equal(garbled.Length + whole.Length, server.Stats.ResultBytesServed);
    }

    private static IEnumerable<(string Type, byte[] TypeAndData, uint StoredCrc)> PngChunks(byte[] png)
    {
        for (var at = 8; at + 12 <= png.Length;)
        {
            var length = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            yield return (System.Text.Encoding.ASCII.GetString(png, at + 4, 4), png[(at + 4)..(at + 8 + length)],
                System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at + 8 + length)));
            at += 12 + length;
        }
    }

    private static long Inflate(IEnumerable<(string Type, byte[] TypeAndData, uint StoredCrc)> idat)
    {
        var zlib = idat.SelectMany(c => c.TypeAndData[4..]).ToArray();
        using var inflater = new ZLibStream(new MemoryStream(zlib), CompressionMode.Decompress);
        var buffer = new byte[8192];
        long total = 0;
        for (int read; (read = inflater.Read(buffer)) > 0;)
        {
            total += read;
        }

        return total;
    }
}
