using System.Text;
using Banana.Client.Tests.Fakes;
using Xunit;

namespace Banana.Client.Tests.Client;

/// <summary>Small points where the service's answers or storage hosts differ from the first reading of the protocol.</summary>
public sealed class FidelityTests : IDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("banana-fidelity-");

    public void Dispose() => folder.Delete(recursive: true);

    [Fact]
    public async Task Keeps_the_models_text_reply_beside_its_image()
    {
        var handler = new ScriptedHandler().On(
            "/v1/draw/result",
            Answer.Json("""{"code":0,"data":{"id":"t-c","status":"succeeded","progress":100,"results":[{"url":"https://f.example.test/c.png","content":"Here is the pose you asked for."}]}}"""));

        var result = await TestSetup.Client(handler).WaitForResultAsync("t-c", null, CancellationToken.None);

        var only = Assert.Single(result.Results);
        Assert.Equal("https://f.example.test/c.png", only.Url);
        Assert.Equal("Here is the pose you asked for.", only.Content);
        Assert.Equal("Here is the pose you asked for.", result.Content);
        Assert.Equal(["https://f.example.test/c.png"], result.ResultUrls);
    }

    [Theory]
    [InlineData("""{"code":0,"data":{"credits":12}}""", 12)]
    [InlineData("""{"code":0,"data":{"residue":345.9}}""", 345)]
    [InlineData("""{"code":0,"data":{"balance":"6789"}}""", 6789)]
    public async Task Reads_the_credits_under_any_of_the_names_public_clients_use(string answer, long expected)
    {
        var handler = new ScriptedHandler().On("/getAPIKeyCredits", Answer.Json(answer));

        Assert.Equal(expected, await TestSetup.Client(handler).GetCreditsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_credits_answer_without_any_known_name_is_a_protocol_error()
    {
        var handler = new ScriptedHandler().On("/getAPIKeyCredits", Answer.Json("""{"code":0,"data":{"points":1}}"""));

        var error = await Assert.ThrowsAsync<GrsaiProtocolException>(() => TestSetup.Client(handler).GetCreditsAsync(CancellationToken.None));

        Assert.Contains("residue", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_name_with_quotes_and_non_ascii_uploads_with_a_header_safe_quoted_name()
    {
        var path = Path.Combine(folder.FullName, "say \"cheese\" 模特.png");
        await File.WriteAllBytesAsync(path, TestImages.GreyPng());
        var handler = new ScriptedHandler()
            .On("/newUploadTokenZH", Answer.Json("""{"code":0,"data":{"token":"t","key":"k.png","url":"https://up.storage.test/","domain":"files.storage.test"}}"""))
            .On("https://up.storage.test/", Answer.Json("""{"hash":"h","key":"k.png"}"""));

        var uploaded = await TestSetup.Client(handler).UploadAsync(path, UploadMethod.Form, CancellationToken.None);

        Assert.Equal("https://files.storage.test/k.png", uploaded.Url);
        var form = Encoding.Latin1.GetString(handler.Requests[1].Body);
        Assert.Contains("name=\"file\"; filename=\"say %22cheese%22 %E6%A8%A1%E7%89%B9.png\"", form, StringComparison.Ordinal);
    }
}
