namespace Banana.Emulator;

/// <summary>
/// One fault injection rule. It matches requests to <see cref="Endpoint"/> (optionally only those carrying
/// <see cref="ApiKey"/>) at the point where <see cref="Kind"/> applies, lets the first <see cref="After"/> of them
/// through, then fires with <see cref="Probability"/> (a generator seeded with <see cref="Seed"/>, so runs repeat)
/// until it has fired <see cref="Count"/> times. No count and no probability: it fires on every match.
/// </summary>
public sealed record FaultRule
{
    public EmulatorEndpoint Endpoint { get; init; } = EmulatorEndpoint.Any;

    public required FaultKind Kind { get; init; }

    /// <summary>Fire at most this many times; null for no limit.</summary>
    public int? Count { get; init; }

    /// <summary>Chance (0..1) of firing on each matching request; null means always.</summary>
    public double? Probability { get; init; }

    /// <summary>Seed of this rule's random generator, used with <see cref="Probability"/>.</summary>
    public int Seed { get; init; }

    /// <summary>Let this many matching requests through before the rule may fire.</summary>
    public int After { get; init; }

    /// <summary>Only requests authenticated with this key match; null for any key.</summary>
    public string? ApiKey { get; init; }

    /// <summary>The <c>Retry-After</c> header of <see cref="FaultKind.Http429"/>, in seconds.</summary>
    public int RetryAfterSeconds { get; init; } = 1;

    /// <summary>How long <see cref="FaultKind.Delay"/> holds a request, in milliseconds.</summary>
    public int DelayMs { get; init; } = 1000;

    /// <summary>
    /// The address a hostile answer names: the first result's of <see cref="FaultKind.ForeignResultUrl"/>, the upload
    /// domain of <see cref="FaultKind.ForeignUploadDomain"/>.
    /// </summary>
    public string? Address { get; init; }

    /// <summary>
    /// The size <see cref="FaultKind.CorruptHtml"/> pads its page to, in bytes (a large error page, say); null for a
    /// short page. Written in pieces at about 6 MB/s, so a client that hangs up early is sent (and
    /// <c>resultBytesServed</c> counts) little more than what it read.
    /// </summary>
    public int? BodyBytes { get; init; }
}
