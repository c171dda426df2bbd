using Xunit;

namespace Banana.Client.Tests.Client;

/// <summary>The one rule for where the key may travel, which both the client and the cmdlets' settings apply.</summary>
public sealed class BaseAddressRuleTests
{
    [Theory]
    [InlineData("https://grsai.dakka.com.cn", BaseAddressProblem.None)]
    [InlineData("http://127.0.0.1:1234", BaseAddressProblem.None)]
    [InlineData("http://localhost:1234", BaseAddressProblem.None)]
    [InlineData("http://[::1]:1234", BaseAddressProblem.None)]
    [InlineData("http://api.example.com", BaseAddressProblem.PlainHttpToRemoteHost)]
    [InlineData("http://10.0.0.5:8080", BaseAddressProblem.PlainHttpToRemoteHost)]
    [InlineData("ftp://grsai.dakka.com.cn", BaseAddressProblem.NotHttp)]
    public void Only_https_or_loopback_may_carry_the_key(string address, BaseAddressProblem expected)
        => Assert.Equal(expected, BaseAddressRule.Check(new Uri(address)));

    [Fact]
    public void The_client_refuses_what_the_rule_refuses()
    {
        var options = new GrsaiClientOptions { ApiKey = "sk-a", BaseUri = new Uri("http://api.example.com") };

        Assert.Throws<ArgumentException>(() => new GrsaiClient(options));
    }
}
