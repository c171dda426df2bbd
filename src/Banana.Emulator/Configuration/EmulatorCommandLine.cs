using System.Globalization;
using System.Text.Json;
using Banana.Emulator.Http;

namespace Banana.Emulator.Configuration;

/// <summary>
/// The command line: <c>--port N</c>, <c>--config file.json</c> (the JSON of <c>POST /_emulator/config</c>),
/// then options that override it: <c>--generation-latency-ms</c>, <c>--upload-latency-ms</c>,
/// <c>--download-latency-ms</c>, <c>--result-ttl-seconds</c>, <c>--task-ttl-seconds</c>, <c>--no-progress</c>, <c>--moderation-marker</c>.
/// </summary>
internal sealed record EmulatorCommandLine(int Port, EmulatorSettings Settings)
{
    public const string Usage =
        "Usage: Banana.Emulator [--port N] [--config settings.json] [--generation-latency-ms N] [--upload-latency-ms N] " +
        "[--download-latency-ms N] [--result-ttl-seconds N] [--task-ttl-seconds N] [--no-progress] [--moderation-marker WORD]";

    /// <summary>The parsed options; throws <see cref="ArgumentException"/> with a message for the user.</summary>
    public static EmulatorCommandLine Parse(IReadOnlyList<string> args)
    {
        var port = 0;
        var overrides = new EmulatorConfigDocument();
        EmulatorConfigDocument? file = null;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--port":
                    port = ParseInt(args, ref i, minimum: 0);
                    break;
                case "--config":
                    file = ReadConfigFile(ValueOf(args, ref i));
                    break;
                case "--generation-latency-ms":
                    overrides.GenerationLatencyMs = ParseInt(args, ref i, minimum: 0);
                    break;
                case "--upload-latency-ms":
                    overrides.UploadLatencyMs = ParseInt(args, ref i, minimum: 0);
                    break;
                case "--download-latency-ms":
                    overrides.DownloadLatencyMs = ParseInt(args, ref i, minimum: 0);
                    break;
                case "--result-ttl-seconds":
                    overrides.ResultTtlSeconds = ParseInt(args, ref i, minimum: 0);
                    break;
                case "--task-ttl-seconds":
                    overrides.TaskTtlSeconds = ParseInt(args, ref i, minimum: 0);
                    break;
                case "--no-progress":
                    overrides.ProgressFrames = false;
                    break;
                case "--moderation-marker":
                    overrides.ModerationMarker = ValueOf(args, ref i);
                    break;
                default:
                    throw new ArgumentException($"Unknown option '{args[i]}'.");
            }
        }

        if (port > 65535)
        {
            throw new ArgumentException("--port must be at most 65535.");
        }

        var settings = new EmulatorSettings();
        if (file is not null)
        {
            settings = file.ApplyTo(settings);
        }

        return new EmulatorCommandLine(port, overrides.ApplyTo(settings));
    }

    private static EmulatorConfigDocument ReadConfigFile(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<EmulatorConfigDocument>(File.ReadAllText(path), EmulatorJson.Options)
                ?? throw new ArgumentException($"The config file '{path}' is empty.");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            throw new ArgumentException($"Cannot read the config file '{path}': {ex.Message}", ex);
        }
    }

    private static string ValueOf(IReadOnlyList<string> args, ref int i)
        => ++i < args.Count ? args[i] : throw new ArgumentException($"Option '{args[i - 1]}' needs a value.");

    private static int ParseInt(IReadOnlyList<string> args, ref int i, int minimum)
    {
        var option = args[i];
        var text = ValueOf(args, ref i);
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= minimum
            ? value
            : throw new ArgumentException($"Option '{option}' needs a whole number of at least {minimum}, not '{text}'.");
    }
}
