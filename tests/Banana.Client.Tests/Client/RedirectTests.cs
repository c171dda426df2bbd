using System.Net;
using System.Net.Sockets;
using System.Text;
using Banana.Client.Http;
using Banana.Client.Tests.Fakes;
using Xunit;

namespace Banana.Client.Tests.Client;

/// <summary>A redirect never carries the key (header or credits body) to another host, port or scheme.</summary>
public sealed class RedirectTests
{
    private const string Elsewhere = "https://collector.example.test/steal";

    private static HttpResponseMessage Redirect(HttpStatusCode status, string location)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(string.Empty) };
        response.Headers.Location = new Uri(location, UriKind.RelativeOrAbsolute);
        return response;
    }

    private static GrsaiClient GuardedClient(ScriptedHandler handler)
        => new(TestSetup.Options(), new HttpClient(new RedirectGuardHandler(handler)) { Timeout = Timeout.InfiniteTimeSpan });

    public static TheoryData<string, string> KeyedCalls => new()
    {
        { "credits", "/getAPIKeyCredits" },
        { "upload token", "/newUploadTokenZH" },
        { "submit", "/v1/draw/nano-banana" },
        { "poll", "/v1/draw/result" },
    };

    private static Task Call(GrsaiClient client, string operation) => operation switch
    {
        "credits" => client.GetCreditsAsync(CancellationToken.None),
        "upload token" => client.UploadAsync(typeof(RedirectTests).Assembly.Location, UploadMethod.Form, CancellationToken.None),
        "submit" => client.SubmitAsync(TestSetup.Request(), CancellationToken.None),
        "poll" => client.WaitForResultAsync("task-1", null, CancellationToken.None),
        _ => throw new ArgumentOutOfRangeException(nameof(operation)),
    };

    [Theory]
    [MemberData(nameof(KeyedCalls))]
    public async Task A_call_carrying_the_key_is_not_repeated_at_another_host(string operation, string path)
    {
        foreach (var status in new[] { HttpStatusCode.TemporaryRedirect, (HttpStatusCode)308, HttpStatusCode.Moved, HttpStatusCode.Found })
        {
            var handler = new ScriptedHandler()
                .On(path, Redirect(status, Elsewhere))
                .On("collector.example.test", Answer.Json("""{"code":0,"msg":"success","data":{"credits":1}}"""));

            var error = await Assert.ThrowsAsync<GrsaiRedirectRefusedException>(() => Call(GuardedClient(handler), operation));

            Assert.Equal("RedirectRefused", error.ErrorId);
            Assert.Equal(0, handler.Count("collector.example.test"));
            Assert.Single(handler.Requests);
            Assert.Contains("https://collector.example.test", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(TestSetup.ApiKey, error.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("http://api.example.test/client/openapi/getAPIKeyCredits")]     // scheme
    [InlineData("https://api.example.test:8443/client/openapi/getAPIKeyCredits")] // port
    public async Task A_change_of_scheme_or_port_is_another_host_too(string location)
    {
        var handler = new ScriptedHandler().On("/getAPIKeyCredits", Redirect(HttpStatusCode.TemporaryRedirect, location));

        await Assert.ThrowsAsync<GrsaiRedirectRefusedException>(() => GuardedClient(handler).GetCreditsAsync(CancellationToken.None));

        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task A_redirect_within_the_service_is_followed_with_the_same_body()
    {
        var handler = new ScriptedHandler()
            .On("/client/openapi/getAPIKeyCredits", Redirect(HttpStatusCode.TemporaryRedirect, "/v2/credits"))
            .On("/v2/credits", Answer.Json("""{"code":0,"msg":"success","data":{"credits":1234}}"""));

        var credits = await GuardedClient(handler).GetCreditsAsync(CancellationToken.None);

        Assert.Equal(1234, credits);
        var followed = handler.Requests[1];
        Assert.Equal(HttpMethod.Post, followed.Method);
        Assert.Equal(handler.Requests[0].BodyText, followed.BodyText);
    }

    [Fact]
    public async Task A_result_download_does_not_follow_a_redirect_into_the_private_network()
    {
        var handler = new ScriptedHandler()
            .On("files.example.test", Redirect(HttpStatusCode.Found, "http://169.254.169.254/latest/meta-data/"))
            .On("169.254.169.254", Answer.Bytes(TestImages.GreyPng()));
        var folder = Directory.CreateTempSubdirectory("banana-redirect-");
        try
        {
            var client = new GrsaiClient(TestSetup.Options(), new HttpClient(new RedirectGuardHandler(handler)));

            var error = await Assert.ThrowsAsync<GrsaiResultUrlRefusedException>(() => client.DownloadAsync(
                new Uri("https://files.example.test/r/task.png"), Path.Combine(folder.FullName, "r.png"), false, CancellationToken.None));

            Assert.Equal(0, handler.Count("169.254.169.254"));
            Assert.Contains("169.254.169.254", error.Message, StringComparison.Ordinal);
            Assert.Empty(folder.GetFiles());
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>
    /// The real thing: the process-wide client (no test handler) against two loopback servers. The service answers the
    /// credits call with a 307 to the other one, which must never see a request, let alone the key.
    /// </summary>
    [Fact]
    public async Task The_shared_client_never_reposts_the_credits_body_to_another_host()
    {
        using var collector = new LoopbackServer(_ => (HttpStatusCode.OK, null));
        using var service = new LoopbackServer(_ => (HttpStatusCode.TemporaryRedirect, collector.Address + "steal"));
        var options = TestSetup.Options(new Uri(service.Address));

        var error = await Assert.ThrowsAsync<GrsaiRedirectRefusedException>(() => new GrsaiClient(options).GetCreditsAsync(CancellationToken.None));

        Assert.Equal(1, service.Requests);
        Assert.Equal(0, collector.Requests);
        Assert.Equal(HttpStatusCode.TemporaryRedirect, error.StatusCode);
    }

    /// <summary>A minimal HTTP/1.1 server on 127.0.0.1 that answers every request with one status (and Location).</summary>
    private sealed class LoopbackServer : IDisposable
    {
        private readonly TcpListener listener = new(IPAddress.Loopback, 0);
        private readonly Func<string, (HttpStatusCode Status, string? Location)> answer;
        private int requests;

        public LoopbackServer(Func<string, (HttpStatusCode, string?)> answer)
        {
            this.answer = answer;
            listener.Start();
            _ = Task.Run(AcceptAsync);
        }

        public string Address => $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/";

        public int Requests => Volatile.Read(ref requests);

        public void Dispose() => listener.Stop();

        private async Task AcceptAsync()
        {
            while (true)
            {
                TcpClient client;
                try
                {
                    client = await listener.AcceptTcpClientAsync();
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException)
                {
                    return;
                }

                using (client)
                {
                    var stream = client.GetStream();
                    var head = await ReadHeadAsync(stream);
                    Interlocked.Increment(ref requests);
                    var (status, location) = this.answer(head);
                    var answer = $"HTTP/1.1 {(int)status} X\r\nContent-Length: 0\r\nConnection: close\r\n"
                        + (location is null ? string.Empty : $"Location: {location}\r\n") + "\r\n";
                    await stream.WriteAsync(Encoding.ASCII.GetBytes(answer));
                }
            }
        }

        private static async Task<string> ReadHeadAsync(NetworkStream stream)
        {
            var seen = new StringBuilder();
            var buffer = new byte[4096];
            while (!seen.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                var read = await stream.ReadAsync(buffer);
                if (read == 0)
                {
                    break;
                }

                seen.Append(Encoding.Latin1.GetString(buffer, 0, read));
            }

            // Read the body too: closing on unread bytes would reset the connection before the client sees the answer.
            var text = seen.ToString();
            var headEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4;
            var match = System.Text.RegularExpressions.Regex.Match(text, @"(?im)^content-length:\s*(\d+)");
            var missing = (match.Success ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0) - (text.Length - headEnd);
            while (missing > 0)
            {
                var read = await stream.ReadAsync(buffer);
                if (read == 0)
                {
                    break;
                }

                missing -= read;
            }

            return text;
        }
    }
}
