using System.Diagnostics;
using Xunit;

namespace Banana.Engine.Tests.Reporting;

/// <summary>Runs Debian's chromium headless against a local page and returns the DOM after its scripts ran.</summary>
internal static class HeadlessChromium
{
    private static readonly string[] KnownLocations =
        ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable"];

    /// <summary>The browser's path: <c>BANANA_CHROMIUM</c> when set, else a usual install location; the test fails otherwise.</summary>
    internal static string Executable()
    {
        string? configured = Environment.GetEnvironmentVariable("BANANA_CHROMIUM");
        string? found = !string.IsNullOrEmpty(configured) ? configured : KnownLocations.FirstOrDefault(File.Exists);
        if (found is null || !File.Exists(found))
        {
            Assert.Fail("Chromium is required for the report's browser test and was not found. Install it with "
                + "'sudo apt-get update && sudo apt-get install -y chromium', or set BANANA_CHROMIUM to a Chromium or Chrome executable.");
        }

        return found!;
    }

    /// <summary>Loads <paramref name="url"/>, lets its scripts run for a few seconds of virtual time, and returns the serialized DOM.</summary>
    internal static async Task<string> DumpDomAsync(string url)
    {
        string profile = Path.Combine(Path.GetTempPath(), "banana-chromium-" + Guid.NewGuid().ToString("N"));
        var start = new ProcessStartInfo(Executable())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--user-data-dir=" + profile, "--virtual-time-budget=5000", "--dump-dom", url,
        })
        {
            start.ArgumentList.Add(argument);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Chromium did not start.");
        try
        {
            Task<string> output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            Task<string> errors = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            string dom = await output;
            Assert.True(process.ExitCode == 0 && dom.Length > 0, $"Chromium exited with {process.ExitCode}: {await errors}");
            return dom;
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("Chromium did not finish within 90 seconds.");
        }
        finally
        {
            TryDelete(profile);
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // The profile is scratch; a straggling helper process may still hold it for a moment.
        }
    }
}
