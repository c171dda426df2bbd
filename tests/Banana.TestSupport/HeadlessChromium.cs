using System.Diagnostics;

namespace Banana.TestSupport;

/// <summary>
/// Runs Debian's chromium headless against a local page, as a person double-clicking the file would see it.
/// One driver for the xunit report tests and the Pester ones (tests/HeadlessChromium.psm1).
/// </summary>
public static class HeadlessChromium
{
    private static readonly string[] KnownLocations =
        ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable"];

    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);

    /// <summary>The browser's path: <c>BANANA_CHROMIUM</c> when set, else a usual install location.</summary>
    /// <exception cref="InvalidOperationException">No browser was found: the message says how to install one.</exception>
    public static string Executable()
    {
        string? configured = Environment.GetEnvironmentVariable("BANANA_CHROMIUM");
        string? found = !string.IsNullOrEmpty(configured) ? configured : KnownLocations.FirstOrDefault(File.Exists);
        if (found is null || !File.Exists(found))
        {
            throw new InvalidOperationException("Chromium is required for the report's browser tests and was not found. Install it with "
                + "'sudo apt-get update && sudo apt-get install -y chromium', or set BANANA_CHROMIUM to a Chromium or Chrome executable.");
        }

        return found;
    }

    /// <summary>Loads <paramref name="url"/>, lets its scripts run for a few seconds of virtual time, and returns the serialized DOM.</summary>
    public static Task<string> DumpDomAsync(string url) => DumpDomAsync(url, virtualTime: true);

    /// <summary>
    /// Loads <paramref name="url"/> and returns the serialized DOM. Without <paramref name="virtualTime"/> the page runs
    /// on the real clock and the DOM is taken right after its load event: what a benchmark of the page's own timing
    /// marks needs (virtual time would make performance.now() report virtual milliseconds).
    /// </summary>
    public static async Task<string> DumpDomAsync(string url, bool virtualTime, int windowWidth = 1366, int windowHeight = 900)
    {
        string[] arguments = ["--dump-dom", $"--window-size={windowWidth},{windowHeight}", url];
        string dom = await RunAsync(arguments, virtualTime).ConfigureAwait(false);
        return dom.Length > 0 ? dom : throw new InvalidOperationException($"Chromium returned an empty DOM for {url}.");
    }

    /// <summary>Saves a PNG of <paramref name="url"/> as a window of the given size shows it: for a person to look at.</summary>
    public static Task SaveScreenshotAsync(string url, string destination, int width, int height)
        => RunAsync(["--hide-scrollbars", $"--window-size={width},{height}", "--screenshot=" + destination, url]);

    /// <summary>Runs the browser with a throw-away profile and the given arguments; returns what it wrote to standard output.</summary>
    public static Task<string> RunAsync(IEnumerable<string> arguments) => RunAsync(arguments, virtualTime: true);

    /// <inheritdoc cref="RunAsync(IEnumerable{string})"/>
    public static async Task<string> RunAsync(IEnumerable<string> arguments, bool virtualTime)
    {
        string profile = Path.Combine(Path.GetTempPath(), "banana-chromium-" + Guid.NewGuid().ToString("N"));
        var start = new ProcessStartInfo(Executable())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] common =
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--user-data-dir=" + profile, .. (virtualTime ? (string[])["--virtual-time-budget=5000"] : []),
        ];
        foreach (string argument in common.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        using var timeout = new CancellationTokenSource(Limit);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Chromium did not start.");
        try
        {
            Task<string> output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            Task<string> errors = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            string text = await output.ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"Chromium exited with {process.ExitCode}: {await errors.ConfigureAwait(false)}");
            }

            return text;
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"Chromium did not finish within {Limit.TotalSeconds} seconds.");
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
