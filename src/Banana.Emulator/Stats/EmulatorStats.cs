using System.Collections.Concurrent;
using System.Text.Json;

namespace Banana.Emulator;

/// <summary>
/// The emulator's own account of what clients did, live and thread-safe: tests assert on it ("submitted once",
/// "never more than 5 at a time") instead of trusting the client's view. <see cref="EmulatorServer.Reset"/>
/// clears it.
/// </summary>
public sealed class EmulatorStats
{
    private readonly Lock runningGate = new();
    private readonly ConcurrentDictionary<string, long> submissionsBySignature = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> submissionsByKey = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> submissionsByApi = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> chargesByKey = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> creditsChargedByKey = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> answersLostByKey = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<EmulatorRefusal> refusals = new();
    private readonly ConcurrentDictionary<string, long> failuresByReason = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> requestsByEndpoint = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> requestsByKey = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> uploadsByMethod = new(StringComparer.Ordinal);
    private long requestsOutsidePrefix;
    private readonly ConcurrentDictionary<string, long> faultsByKind = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> runningByKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> peakRunningByKey = new(StringComparer.Ordinal);
    private long submissions;
    private long refunds;
    private long answersLost;
    private long refusalCount;
    private long succeeded;
    private long failed;
    private long polls;
    private long uploads;
    private long downloads;
    private long resultBytesServed;
    private long running;
    private long peakRunning;

    /// <summary>Requests of either API that became tasks (invalid or refused requests are not submissions).</summary>
    public long Submissions => Interlocked.Read(ref submissions);

    /// <summary>Submissions per job signature (see <see cref="Signature"/>): a value above 1 means a job was paid for twice.</summary>
    public IReadOnlyDictionary<string, long> SubmissionsBySignature => Copy(submissionsBySignature);

    public IReadOnlyDictionary<string, long> SubmissionsByKey => Copy(submissionsByKey);

    /// <summary>Submissions per API: <c>draw</c> and <c>generate</c>.</summary>
    public IReadOnlyDictionary<string, long> SubmissionsByApi => Copy(submissionsByApi);

    /// <summary>
    /// Tasks paid for and not refunded (failed tasks are refunded): what the keys were really charged for,
    /// counted per task. Every submission is charged when it is created, before any answer is written.
    /// </summary>
    public long Charges => chargesByKey.Values.Sum();

    public IReadOnlyDictionary<string, long> ChargesByKey => Copy(chargesByKey);

    /// <summary>Credits taken and not given back, overall and per key.</summary>
    public long CreditsCharged => creditsChargedByKey.Values.Sum();

    public IReadOnlyDictionary<string, long> CreditsChargedByKey => Copy(creditsChargedByKey);

    /// <summary>Failed tasks whose cost was given back.</summary>
    public long Refunds => Interlocked.Read(ref refunds);

    /// <summary>
    /// Submissions that became (charged) tasks whose answer the client never got: <c>answer-lost</c>,
    /// <c>http502-after-charge</c>, <c>http504-after-charge</c>. The client can only say "may have been charged".
    /// </summary>
    public long AnswersLost => Interlocked.Read(ref answersLost);

    public IReadOnlyDictionary<string, long> AnswersLostByKey => Copy(answersLostByKey);

    /// <summary>
    /// Requests refused as malformed or invalid (unknown or wrong-case fields, wrong types, missing fields, a
    /// model, ratio or size the service does not take), with endpoint and reason; the first
    /// <see cref="MaxRefusalsKept"/> are kept, <see cref="RefusalCount"/> counts all. A client that speaks the
    /// protocol right causes none.
    /// </summary>
    public IReadOnlyList<EmulatorRefusal> Refusals => refusals.ToArray();

    public long RefusalCount => Interlocked.Read(ref refusalCount);

    /// <summary>How many refusals <see cref="Refusals"/> keeps with their reason.</summary>
    public const int MaxRefusalsKept = 1000;

    public long TasksSucceeded => Interlocked.Read(ref succeeded);

    public long TasksFailed => Interlocked.Read(ref failed);

    /// <summary>Failed tasks per <c>failure_reason</c> (<c>error</c>, <c>input_moderation</c>, <c>output_moderation</c>).</summary>
    public IReadOnlyDictionary<string, long> FailuresByReason => Copy(failuresByReason);

    /// <summary>Polls of existing tasks (answers to unknown ids are not counted).</summary>
    public long Polls => Interlocked.Read(ref polls);

    /// <summary>Files stored through the form upload or a presigned PUT.</summary>
    public long Uploads => Interlocked.Read(ref uploads);

    /// <summary>Stored files per way they came: <c>form</c> (multipart POST) and <c>presigned</c> (PUT).</summary>
    public IReadOnlyDictionary<string, long> UploadsByMethod => Copy(uploadsByMethod);

    /// <summary>Result images served whole (not faulted, not expired).</summary>
    public long Downloads => Interlocked.Read(ref downloads);

    /// <summary>
    /// Bytes handed to result downloads, faults included, counted as each piece is written: how much of a bad body went
    /// out before the client hung up.
    /// </summary>
    public long ResultBytesServed => Interlocked.Read(ref resultBytesServed);

    /// <summary>Generations running now.</summary>
    public long Running
    {
        get
        {
            lock (runningGate)
            {
                return running;
            }
        }
    }

    /// <summary>The most generations ever running at once.</summary>
    public long PeakRunning
    {
        get
        {
            lock (runningGate)
            {
                return peakRunning;
            }
        }
    }

    public IReadOnlyDictionary<string, long> PeakRunningByKey
    {
        get
        {
            lock (runningGate)
            {
                return new Dictionary<string, long>(peakRunningByKey, StringComparer.Ordinal);
            }
        }
    }

    /// <summary>Requests that reached an endpoint, faulted or not (control requests are not counted).</summary>
    public long RequestsTo(EmulatorEndpoint endpoint) => requestsByEndpoint.GetValueOrDefault(NameOf(endpoint));

    /// <summary>
    /// API requests per Bearer key, counted at the front door before anything can refuse them (a rejected key
    /// counts too): how often a client came back with a key. The credits query, which names its key in the body,
    /// counts only when it also sends a Bearer key.
    /// </summary>
    public IReadOnlyDictionary<string, long> RequestsByKey => Copy(requestsByKey);

    /// <summary>API requests that missed <see cref="EmulatorSettings.PathPrefix"/> and were answered 404.</summary>
    public long RequestsOutsidePrefix => Interlocked.Read(ref requestsOutsidePrefix);

    public long FaultsInjected(FaultKind kind) => faultsByKind.GetValueOrDefault(NameOf(kind));

    public long FaultsInjectedTotal => faultsByKind.Values.Sum();

    /// <summary>How a job is identified in <see cref="SubmissionsBySignature"/>: everything that decides what is drawn.</summary>
    public static string Signature(string model, string prompt, IEnumerable<string> urls, string aspectRatio, string? imageSize)
        => JsonSerializer.Serialize(new object?[] { model, prompt, urls, aspectRatio, imageSize ?? string.Empty }, Http.EmulatorJson.Options);

    /// <summary>A consistent-enough copy of every counter, as <c>GET /_emulator/stats</c> returns it.</summary>
    public EmulatorStatsSnapshot Snapshot()
    {
        lock (runningGate)
        {
            return new EmulatorStatsSnapshot(
                Submissions,
                SubmissionsBySignature,
                SubmissionsByKey,
                new Dictionary<string, long>(StringComparer.Ordinal)
                {
                    ["running"] = running,
                    ["succeeded"] = TasksSucceeded,
                    ["failed"] = TasksFailed,
                },
                FailuresByReason,
                Polls,
                Uploads,
                Downloads,
                ResultBytesServed,
                Copy(requestsByEndpoint),
                Copy(faultsByKind),
                running,
                new Dictionary<string, long>(runningByKey, StringComparer.Ordinal),
                peakRunning,
                new Dictionary<string, long>(peakRunningByKey, StringComparer.Ordinal),
                SubmissionsByApi,
                Charges,
                ChargesByKey,
                CreditsCharged,
                CreditsChargedByKey,
                Refunds,
                AnswersLost,
                AnswersLostByKey,
                RefusalCount,
                Refusals,
                Copy(requestsByKey),
                RequestsOutsidePrefix,
                Copy(uploadsByMethod));
        }
    }

    internal void Reset()
    {
        lock (runningGate)
        {
            submissionsBySignature.Clear();
            submissionsByKey.Clear();
            submissionsByApi.Clear();
            chargesByKey.Clear();
            creditsChargedByKey.Clear();
            answersLostByKey.Clear();
            refusals.Clear();
            Interlocked.Exchange(ref refunds, 0);
            Interlocked.Exchange(ref answersLost, 0);
            Interlocked.Exchange(ref refusalCount, 0);
            failuresByReason.Clear();
            requestsByEndpoint.Clear();
            requestsByKey.Clear();
            uploadsByMethod.Clear();
            Interlocked.Exchange(ref requestsOutsidePrefix, 0);
            faultsByKind.Clear();
            runningByKey.Clear();
            peakRunningByKey.Clear();
            Interlocked.Exchange(ref submissions, 0);
            Interlocked.Exchange(ref succeeded, 0);
            Interlocked.Exchange(ref failed, 0);
            Interlocked.Exchange(ref polls, 0);
            Interlocked.Exchange(ref uploads, 0);
            Interlocked.Exchange(ref downloads, 0);
            Interlocked.Exchange(ref resultBytesServed, 0);
            running = 0;
            peakRunning = 0;
        }
    }

    internal void RequestReceived(EmulatorEndpoint endpoint, string? apiKey)
    {
        Increment(requestsByEndpoint, NameOf(endpoint));
        if (!string.IsNullOrEmpty(apiKey))
        {
            Increment(requestsByKey, apiKey);
        }
    }

    internal void RequestOutsidePrefix() => Interlocked.Increment(ref requestsOutsidePrefix);

    internal void FaultInjected(FaultKind kind) => Increment(faultsByKind, NameOf(kind));

    internal void PollAnswered() => Interlocked.Increment(ref polls);

    internal void UploadStored(string method)
    {
        Interlocked.Increment(ref uploads);
        Increment(uploadsByMethod, method);
    }

    internal void DownloadServed() => Interlocked.Increment(ref downloads);

    internal void ResultBytesWritten(long bytes) => Interlocked.Add(ref resultBytesServed, bytes);

    internal void TaskSubmitted(State.ServiceApi api, string apiKey, string signature, long cost)
    {
        Interlocked.Increment(ref submissions);
        Increment(submissionsBySignature, signature);
        Increment(submissionsByKey, apiKey);
        Increment(submissionsByApi, api == State.ServiceApi.Generate ? "generate" : "draw");
        Increment(chargesByKey, apiKey);
        Add(creditsChargedByKey, apiKey, cost);
        lock (runningGate)
        {
            running++;
            peakRunning = Math.Max(peakRunning, running);
            var forKey = runningByKey.GetValueOrDefault(apiKey) + 1;
            runningByKey[apiKey] = forKey;
            peakRunningByKey[apiKey] = Math.Max(peakRunningByKey.GetValueOrDefault(apiKey), forKey);
        }
    }

    internal void TaskRefunded(string apiKey, long cost)
    {
        Interlocked.Increment(ref refunds);
        Add(chargesByKey, apiKey, -1);
        Add(creditsChargedByKey, apiKey, -cost);
    }

    internal void AnswerLost(string apiKey)
    {
        Interlocked.Increment(ref answersLost);
        Increment(answersLostByKey, apiKey);
    }

    internal void Refused(EmulatorEndpoint endpoint, string reason)
    {
        if (Interlocked.Increment(ref refusalCount) <= MaxRefusalsKept)
        {
            refusals.Enqueue(new EmulatorRefusal(NameOf(endpoint), reason));
        }
    }

    internal void TaskFinished(string apiKey, string? failureReason)
    {
        lock (runningGate)
        {
            running--;
            var forKey = runningByKey.GetValueOrDefault(apiKey) - 1;
            if (forKey > 0)
            {
                runningByKey[apiKey] = forKey;
            }
            else
            {
                runningByKey.Remove(apiKey);
            }
        }

        if (failureReason is null)
        {
            Interlocked.Increment(ref succeeded);
        }
        else
        {
            Interlocked.Increment(ref failed);
            Increment(failuresByReason, failureReason);
        }
    }

    internal static string NameOf(EmulatorEndpoint endpoint) => JsonNamingPolicy.KebabCaseLower.ConvertName(endpoint.ToString());

    internal static string NameOf(FaultKind kind) => JsonNamingPolicy.KebabCaseLower.ConvertName(kind.ToString());

    private static void Increment(ConcurrentDictionary<string, long> counters, string name)
        => counters.AddOrUpdate(name, 1, static (_, n) => n + 1);

    private static void Add(ConcurrentDictionary<string, long> counters, string name, long amount)
        => counters.AddOrUpdate(name, amount, (_, n) => n + amount);

    private static Dictionary<string, long> Copy(ConcurrentDictionary<string, long> counters)
        => new(counters, StringComparer.Ordinal);
}
