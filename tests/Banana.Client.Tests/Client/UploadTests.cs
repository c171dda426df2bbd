using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Banana.Client.Tests.Fakes;
using Xunit;

namespace Banana.Client.Tests.Client;

public sealed class UploadTests : IDisposable
{
    private const string Storage = "https://upload.storage.test/";
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("banana-upload-");
    private readonly byte[] png = TestImages.GreyPng(0x33);

    public UploadTests() => File.WriteAllBytes(ImagePath, png);

    public void Dispose() => folder.Delete(recursive: true);

    private string ImagePath => Path.Combine(folder.FullName, "模特 [1].png");

    private static HttpResponseMessage Token(string path, string domain)
        => Answer.Json($$$"""{"code":0,"msg":"success","data":{"token":"up-token","key":"abc.png","url":"{{{Storage}}}{{{path}}}","domain":"{{{domain}}}"}}""");

    [Theory]
    [InlineData("files.storage.test", "https://files.storage.test/abc.png")]
    [InlineData("https://files.storage.test/", "https://files.storage.test/abc.png")]
    [InlineData("http://127.0.0.1:9000", "http://127.0.0.1:9000/abc.png")]
    public async Task Form_upload_posts_token_key_and_file_and_returns_the_public_url(string domain, string expectedUrl)
    {
        var handler = new ScriptedHandler()
            .On("/newUploadTokenZH", Token("form", domain))
            .On(Storage, Answer.Json("""{"hash":"h","key":"abc.png"}"""));

        var uploaded = await TestSetup.Client(handler).UploadAsync(ImagePath, UploadMethod.Form, CancellationToken.None);

        Assert.Equal(expectedUrl, uploaded.Url);
        Assert.Equal(png.Length, uploaded.Bytes);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(png)), uploaded.Sha256);
        var tokenRequest = handler.Requests[0];
        Assert.Equal(TestSetup.ApiKey, tokenRequest.Authorization?.Parameter);
        using (var body = JsonDocument.Parse(tokenRequest.BodyText))
        {
            Assert.Equal("png", body.RootElement.GetProperty("sux").GetString());
        }

        var upload = handler.Requests[1];
        Assert.Equal(HttpMethod.Post, upload.Method);
        Assert.Null(upload.Authorization);
        Assert.StartsWith("multipart/form-data", upload.ContentType, StringComparison.Ordinal);
        var form = Encoding.Latin1.GetString(upload.Body);
        // Quoted part names, as browsers and curl send them: some storage hosts refuse the bare form.
        Assert.Contains("name=\"token\"", form, StringComparison.Ordinal);
        Assert.Contains("up-token", form, StringComparison.Ordinal);
        Assert.Contains("name=\"key\"", form, StringComparison.Ordinal);
        Assert.Contains("name=\"file\"; filename=\"", form, StringComparison.Ordinal);
        Assert.Contains(Encoding.Latin1.GetString(png), form, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Presigned_upload_puts_the_raw_bytes_without_the_key()
    {
        var handler = new ScriptedHandler()
            .On("/newUploadToken", Token("put/abc.png?sig=1", "files.storage.test"))
            .On(Storage, Answer.Status(HttpStatusCode.OK));

        var uploaded = await TestSetup.Client(handler).UploadAsync(ImagePath, UploadMethod.Presigned, CancellationToken.None);

        Assert.Equal("https://files.storage.test/abc.png", uploaded.Url);
        var put = handler.Requests[1];
        Assert.Equal(HttpMethod.Put, put.Method);
        Assert.Null(put.Authorization);
        Assert.Equal(png, put.Body);
        Assert.Equal("application/octet-stream", put.ContentType);
    }

    [Fact]
    public async Task Retrying_an_upload_sends_the_whole_file_again()
    {
        var handler = new ScriptedHandler()
            .On("/newUploadToken", Token("put/abc.png", "files.storage.test"))
            .On(Storage, Answer.Status(HttpStatusCode.ServiceUnavailable), Answer.Status(HttpStatusCode.OK));

        await TestSetup.Client(handler).UploadAsync(ImagePath, UploadMethod.Presigned, CancellationToken.None);

        var puts = handler.Requests.Where(r => r.Method == HttpMethod.Put).ToList();
        Assert.Equal(2, puts.Count);
        Assert.All(puts, p => Assert.Equal(png, p.Body));
    }

    [Fact]
    public async Task A_storage_refusal_is_not_mistaken_for_a_rejected_key()
    {
        var handler = new ScriptedHandler()
            .On("/newUploadTokenZH", Token("form", "files.storage.test"))
            .On(Storage, Answer.Status(HttpStatusCode.Unauthorized, """{"error":"expired token"}"""));

        var error = await Assert.ThrowsAsync<GrsaiRequestRejectedException>(() =>
            TestSetup.Client(handler).UploadAsync(ImagePath, UploadMethod.Form, CancellationToken.None));

        Assert.False(error.DoomsKey);
    }

    [Fact]
    public async Task Data_uri_upload_inlines_the_image_and_verifies_without_any_request()
    {
        var handler = new ScriptedHandler();
        var client = TestSetup.Client(handler);

        var uploaded = await client.UploadAsync(ImagePath, UploadMethod.DataUri, CancellationToken.None);
        var verification = await client.VerifyUploadAsync(uploaded, CancellationToken.None);

        Assert.Equal("data:image/png;base64," + Convert.ToBase64String(png), uploaded.Url);
        Assert.True(verification.Matches);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task Data_uri_refuses_a_file_over_its_limit()
    {
        var options = TestSetup.Options();
        options.MaxDataUriBytes = 10;

        await Assert.ThrowsAsync<GrsaiValidationException>(() =>
            TestSetup.Client(new ScriptedHandler(), options).UploadAsync(ImagePath, UploadMethod.DataUri, CancellationToken.None));
    }

    [Fact]
    public async Task Verify_compares_what_the_url_serves_with_what_was_uploaded()
    {
        var uploaded = new UploadedImage(
            ImagePath, "https://files.storage.test/abc.png", png.Length, Convert.ToHexStringLower(SHA256.HashData(png)), UploadMethod.Form, TimeSpan.Zero);
        var handler = new ScriptedHandler().On(
            "/abc.png", Answer.Bytes(png), Answer.Bytes(TestImages.GreyPng(0x99)), Answer.Status(HttpStatusCode.NotFound));
        var client = TestSetup.Client(handler);

        var same = await client.VerifyUploadAsync(uploaded, CancellationToken.None);
        var other = await client.VerifyUploadAsync(uploaded, CancellationToken.None);
        var missing = await client.VerifyUploadAsync(uploaded, CancellationToken.None);

        Assert.True(same.Matches);
        Assert.False(other.Matches);
        Assert.False(missing.Matches);
        Assert.Equal(0, missing.ServedBytes);
        Assert.All(handler.Requests, r => Assert.Null(r.Authorization));
    }

    [Fact]
    public async Task A_missing_file_is_reported_before_any_request()
    {
        var handler = new ScriptedHandler();

        await Assert.ThrowsAsync<FileNotFoundException>(() =>
            TestSetup.Client(handler).UploadAsync(Path.Combine(folder.FullName, "nope.png"), UploadMethod.Form, CancellationToken.None));

        Assert.Empty(handler.Requests);
    }
}
