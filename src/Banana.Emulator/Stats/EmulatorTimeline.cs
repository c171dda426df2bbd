namespace Banana.Emulator;

/// <summary>
/// When things happened, as the service saw them: the first API request, and every generation's start and end
/// per key. The benchmark reads it (<c>GET /_emulator/timeline</c>) to tell how long a client took to send its
/// first request, how busy it kept the generation slots it was allowed and how soon it refilled a freed one,
/// all on the service's clock rather than the client's own account. Tests never assert on these times.
/// </summary>
public sealed class EmulatorTimeline
{
    private readonly Lock gate = new();
    private readonly List<Generation> generations = [];
    private readonly Dictionary<string, List<long>> finishesByKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> matchedFinishesByKey = new(StringComparer.Ordinal);
    private readonly List<double> slotReuseGapsMs = [];
    private long firstRequestTicks;

    internal void RequestReceived()
    {
        if (Interlocked.Read(ref firstRequestTicks) == 0)
        {
            Interlocked.CompareExchange(ref firstRequestTicks, DateTimeOffset.UtcNow.UtcTicks, 0);
        }
    }

    /// <summary>A generation started on <paramref name="apiKey"/>; returns its index for <see cref="GenerationFinished"/>.</summary>
    internal int GenerationStarted(string apiKey)
    {
        var now = DateTimeOffset.UtcNow.UtcTicks;
        lock (gate)
        {
            // The oldest finish on this key not yet followed by a start is the slot this start refills.
            if (finishesByKey.TryGetValue(apiKey, out var finishes))
            {
                var matched = matchedFinishesByKey.GetValueOrDefault(apiKey);
                if (matched < finishes.Count)
                {
                    slotReuseGapsMs.Add(TimeSpan.FromTicks(now - finishes[matched]).TotalMilliseconds);
                    matchedFinishesByKey[apiKey] = matched + 1;
                }
            }

            generations.Add(new Generation(now, 0));
            return generations.Count - 1;
        }
    }

    internal void GenerationFinished(string apiKey, int index)
    {
        var now = DateTimeOffset.UtcNow.UtcTicks;
        lock (gate)
        {
            if (index >= generations.Count)
            {
                return; // cleared in the meantime
            }

            generations[index] = generations[index] with { EndTicks = now };
            if (!finishesByKey.TryGetValue(apiKey, out var finishes))
            {
                finishesByKey[apiKey] = finishes = [];
            }

            finishes.Add(now);
        }
    }

    internal void Reset()
    {
        lock (gate)
        {
            generations.Clear();
            finishesByKey.Clear();
            matchedFinishesByKey.Clear();
            slotReuseGapsMs.Clear();
            Interlocked.Exchange(ref firstRequestTicks, 0);
        }
    }

    /// <summary>The figures at this moment; times are Unix milliseconds (UTC) so a client on the same machine can compare.</summary>
    public EmulatorTimelineSnapshot Snapshot()
    {
        lock (gate)
        {
            var first = Interlocked.Read(ref firstRequestTicks);
            var finished = generations.Where(g => g.EndTicks != 0).ToList();
            var gaps = slotReuseGapsMs.Order().ToList();
            return new EmulatorTimelineSnapshot(
                first == 0 ? null : UnixMs(first),
                generations.Count == 0 ? null : UnixMs(generations.Min(g => g.StartTicks)),
                finished.Count == 0 ? null : UnixMs(finished.Max(g => g.EndTicks)),
                finished.Count,
                finished.Sum(g => TimeSpan.FromTicks(g.EndTicks - g.StartTicks).TotalMilliseconds),
                gaps.Count,
                Percentile(gaps, 0.5),
                Percentile(gaps, 0.9),
                gaps.Count == 0 ? null : gaps[^1]);
        }
    }

    private static double UnixMs(long utcTicks) => TimeSpan.FromTicks(utcTicks - DateTimeOffset.UnixEpoch.UtcTicks).TotalMilliseconds;

    private static double? Percentile(List<double> sorted, double fraction)
        => sorted.Count == 0 ? null : sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(fraction * sorted.Count))];

    private readonly record struct Generation(long StartTicks, long EndTicks);
}

/// <summary>
/// The body of <c>GET /_emulator/timeline</c>. <c>BusyMs</c> is the sum of every finished generation's time; a slot
/// reuse gap is how long after a generation ended on a key the next one started on that key.
/// </summary>
public sealed record EmulatorTimelineSnapshot(
    double? FirstRequestUnixMs,
    double? FirstGenerationStartUnixMs,
    double? LastGenerationEndUnixMs,
    long GenerationsFinished,
    double BusyMs,
    long SlotReuses,
    double? SlotReuseMedianMs,
    double? SlotReuseP90Ms,
    double? SlotReuseMaxMs);
