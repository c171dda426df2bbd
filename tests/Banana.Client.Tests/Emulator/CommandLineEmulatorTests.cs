using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit;

namespace Banana.Client.Tests.Emulator;

/// <summary>The emulator as scripts run it: <c>dotnet Banana.Emulator.dll --port 0 ...</c> in its own process.</summary>
public sealed partial class CommandLineEmulatorTests
{
    [Fact]
    public async Task Port_zero_prints_exactly_the_listening_line_and_applies_options_and_config_file()
    {
        var configPath = Path.Combine(Path.GetTempPath(), $"banana-emulator-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(configPath, """{ "downloadLatencyMs": 30, "faults": [ { "endpoint": "files", "kind": "expired" } ] }""");
        try
        {
            using var process = Start("--port", "0", "--config", configPath, "--generation-latency-ms", "75", "--task-ttl-seconds", "600");
            try
            {
                var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
                var match = ListeningLine().Match(line ?? string.Empty);
                Assert.True(match.Success, $"unexpected first line: {line}");

                using var control = new HttpClient { BaseAddress = new Uri(match.Groups[1].Value + "/") };
                var config = await control.GetFromJsonAsync<JsonElement>("_emulator/config");
                Assert.Equal(75, config.GetProperty("generationLatencyMs").GetInt32());
                Assert.Equal(30, config.GetProperty("downloadLatencyMs").GetInt32());
                Assert.Equal(600, config.GetProperty("taskTtlSeconds").GetDouble());
                Assert.Equal("expired", config.GetProperty("faults")[0].GetProperty("kind").GetString());
            }
            finally
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            Assert.Equal(string.Empty, (await process.StandardOutput.ReadToEndAsync()).Trim());
        }
        finally
        {
            File.Delete(configPath);
        }
    }

    [Fact]
    public async Task Unknown_option_exits_with_usage_on_stderr()
    {
        using var process = Start("--colour", "blue");

        var stderr = await process.StandardError.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync();

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("--colour", stderr, StringComparison.Ordinal);
        Assert.Contains("Usage", stderr, StringComparison.Ordinal);
    }

    private static Process Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Banana.Emulator.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
    }

    [GeneratedRegex("^Banana emulator listening on (http://127\\.0\\.0\\.1:\\d+)$")]
    private static partial Regex ListeningLine();
}
