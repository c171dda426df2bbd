using System.Text;
using Banana.Client;
using Banana.Engine.Tests.Support;
using Xunit;

namespace Banana.Engine.Tests.Inputs;

public sealed class ConnectionSettingsTests : IDisposable
{
    private readonly ScratchFolder folder = new();

    public void Dispose() => folder.Dispose();

    private static Func<string, string?> Env(params (string Name, string Value)[] values)
        => name => values.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void Explicit_keys_win_over_environment_and_dotenv()
    {
        File.WriteAllText(folder.Combine(".env"), "GRSAI_API_KEY=sk-file\n");
        var settings = ConnectionSettings.Resolve(["sk-explicit"], null, folder.Path, Env(("GRSAI_API_KEY", "sk-env")));
        Assert.Equal(["sk-explicit"], settings.ApiKeys);
        Assert.Equal(GrsaiClientOptions.DefaultBaseUri, settings.BaseUri);
    }

    [Fact]
    public void The_api_is_draw_unless_grsai_api_from_dotenv_or_environment_or_the_explicit_value_says_otherwise()
    {
        Assert.Equal(GrsaiApi.Draw, ConnectionSettings.Resolve(["sk-a"], null, folder.Path, Env()).Api);

        File.WriteAllText(folder.Combine(".env"), "GRSAI_API_KEY=sk-a\nGRSAI_API=generate\n");
        Assert.Equal(GrsaiApi.Generate, ConnectionSettings.Resolve(null, null, folder.Path, Env()).Api);
        Assert.Equal(GrsaiApi.Draw, ConnectionSettings.Resolve(null, null, folder.Path, Env(("GRSAI_API", " Draw "))).Api);
        Assert.Equal(GrsaiApi.Generate, ConnectionSettings.Resolve(null, null, GrsaiApi.Generate, folder.Path, Env(("GRSAI_API", "draw"))).Api);
    }

    [Fact]
    public void An_unknown_grsai_api_is_refused_naming_the_two_choices()
    {
        var error = Assert.Throws<BananaException>(() => ConnectionSettings.Resolve(["sk-a"], null, folder.Path, Env(("GRSAI_API", "images"))));

        Assert.Equal("InvalidApi", error.ErrorId);
        Assert.Contains("'images'", error.Message, StringComparison.Ordinal);
        Assert.Contains("GRSAI_API=generate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Environment_key_and_backup_keys_are_combined_distinct_in_order()
    {
        var settings = ConnectionSettings.Resolve(
            null, null, folder.Path, Env(("GRSAI_API_KEY", "sk-one"), ("GRSAI_BACKUP_KEYS", "sk-two, sk-one\nsk-three")));
        Assert.Equal(["sk-one", "sk-two", "sk-three"], settings.ApiKeys);
    }

    [Fact]
    public void Dotenv_is_read_with_bom_comments_quotes_and_multiline_backup_keys()
    {
        var text = "# my keys\nGRSAI_API_KEY = \"sk-main\"\nGRSAI_BACKUP_KEYS=\"sk-b1\nsk-b2\"\nGRSAI_BASE_URL='http://127.0.0.1:5000'\n";
        File.WriteAllText(folder.Combine(".env"), text, new UTF8Encoding(true));
        var settings = ConnectionSettings.Resolve(null, null, folder.Path, Env());
        Assert.Equal(["sk-main", "sk-b1", "sk-b2"], settings.ApiKeys);
        Assert.Equal(new Uri("http://127.0.0.1:5000"), settings.BaseUri);
    }

    [Fact]
    public void Environment_base_url_wins_over_dotenv_and_explicit_wins_over_both()
    {
        File.WriteAllText(folder.Combine(".env"), "GRSAI_API_KEY=sk-a\nGRSAI_BASE_URL=https://file.example\n");
        var env = Env(("GRSAI_BASE_URL", "https://env.example"));
        Assert.Equal(new Uri("https://env.example"), ConnectionSettings.Resolve(null, null, folder.Path, env).BaseUri);
        Assert.Equal(new Uri("https://given.example"), ConnectionSettings.Resolve(null, new Uri("https://given.example"), folder.Path, env).BaseUri);
    }

    [Fact]
    public void No_key_anywhere_says_how_to_set_one()
    {
        var e = Assert.Throws<BananaException>(() => ConnectionSettings.Resolve(null, null, folder.Path, Env(), TestWording.Instance));
        Assert.Equal("ApiKeyMissing", e.ErrorId);
        Assert.Equal(BananaErrorKind.NoUsableKey, e.Kind);
        Assert.Contains("--api-key", e.Message, StringComparison.Ordinal);
        Assert.Contains("BANANA_TEST_KEY_VARIABLE", e.Message, StringComparison.Ordinal);
        Assert.Contains(".env", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_the_hosts_words_the_advice_names_no_cmdlet_parameter()
    {
        var e = Assert.Throws<BananaException>(() => ConnectionSettings.Resolve(null, null, folder.Path, Env()));
        Assert.Contains("GRSAI_API_KEY", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("-ApiKey", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("$env:", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://api.example.com")]
    [InlineData("http://10.0.0.5:8080")]
    public void Plain_http_to_a_remote_host_is_refused(string address)
    {
        var e = Assert.Throws<BananaException>(() => ConnectionSettings.Resolve(["sk-secret"], new Uri(address), folder.Path, Env()));
        Assert.Equal("InsecureBaseUri", e.ErrorId);
        Assert.DoesNotContain("sk-secret", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:1234")]
    [InlineData("http://localhost:1234")]
    [InlineData("http://[::1]:1234")]
    public void Plain_http_to_loopback_is_allowed(string address)
        => Assert.Equal(new Uri(address), ConnectionSettings.Resolve(["sk-a"], new Uri(address), folder.Path, Env()).BaseUri);
}
