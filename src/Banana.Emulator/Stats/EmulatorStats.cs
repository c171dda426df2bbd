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
    private readonly Lock _runningGate = new();
    private readonly ConcurrentDictionary<string, long> _submissionsBySignature = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _submissionsByKey = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _submissionsByApi = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _chargesByKey = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _creditsChargedByKey = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _answersLostByKey = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<EmulatorRefusal> _refusals = new();
    private readonly ConcurrentDictionary<string, long> _failuresByReason = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _requestsByEndpoint = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _requestsByKey = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _uploadsByMethod = new(StringComparer.Ordinal);
    private long _requestsOutsidePrefix;
    private readonly ConcurrentDictionary<string, long> _faultsByKind = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _runningByKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _peakRunningByKey = new(StringComparer.Ordinal);
    private long _submissions;
    private long _refunds;
    private long _answersLost;
    private long _refusalCount;
    private long _succeeded;
    private long _failed;
    private long _polls;
    private long _uploads;
    private long _downloads;
    private long _running;
    private long _peakRunning;

    /// <summary>Requests of either API that became tasks (invalid or refused requests are not submissions).</summary>
    public long Submissions => Interlocked.Read(ref _submissions);

    /// <summary>Submissions per job signature (see <see cref="Signature"/>): a value above 1 means a job was paid for twice.</summary>
    public IReadOnlyDictionary<string, long> SubmissionsBySignature => Copy(_submissionsBySignature);

    public IReadOnlyDictionary<string, long> SubmissionsByKey => Copy(_submissionsByKey);

    /// <summary>Submissions per API: <c>draw</c> and <c>generate</c>.</summary>
    public IReadOnlyDictionary<string, long> SubmissionsByApi => Copy(_submissionsByApi);

    /// <summary>
    /// Tasks paid for and not refunded (failed tasks are refunded): what the keys were really charged for,
    /// counted per task. Every submission is charged when it is created, before any answer is written.
    /// </summary>
    public long Charges => _chargesByKey.Values.Sum();

    public IReadOnlyDictionary<string, long> ChargesByKey => Copy(_chargesByKey);

    /// <summary>Credits taken and not given back, overall and per key.</summary>
    public long CreditsCharged => _creditsChargedByKey.Values.Sum();

    public IReadOnlyDictionary<string, long> CreditsChargedByKey => Copy(_creditsChargedByKey);

    /// <summary>Failed tasks whose cost was given back.</summary>
    public long Refunds => Interlocked.Read(ref _refunds);

    /// <summary>
    /// Submissions that became (charged) tasks whose answer the client never got: <c>answer-lost</c>,
    /// <c>http502-after-charge</c>, <c>http504-after-charge</c>. The client can only say "may have been charged".
    /// </summary>
    public long AnswersLost => Interlocked.Read(ref _answersLost);

    public IReadOnlyDictionary<string, long> AnswersLostByKey => Copy(_answersLostByKey);

    /// <summary>
    /// Requests refused as malformed or invalid (unknown or wrong-case fields, wrong types, missing fields, a
    /// model, ratio or size the service does not take), with endpoint and reason; the first
    /// <see cref="MaxRefusalsKept"/> are kept, <see cref="RefusalCount"/> counts all. A client that speaks the
    /// protocol right causes none.
    /// </summary>
    public IReadOnlyList<EmulatorRefusal> Refusals => _refusals.ToArray();

    public long RefusalCount => Interlocked.Read(ref _refusalCount);

    /// <summary>How many refusals <see cref="Refusals"/> keeps with their reason.</summary>
    public const int MaxRefusalsKept = 1000;

    public long TasksSucceeded => Interlocked.Read(ref _succeeded);

    public long TasksFailed => Interlocked.Read(ref _failed);

    /// <summary>Failed tasks per <c>failure_reason</c> (<c>error</c>, <c>input_moderation</c>, <c>output_moderation</c>).</summary>
    public IReadOnlyDictionary<string, long> FailuresByReason => Copy(_failuresByReason);

    /// <summary>Polls of existing tasks (answers to unknown ids are not counted).</summary>
    public long Polls => Interlocked.Read(ref _polls);

    /// <summary>Files stored through the form upload or a presigned PUT.</summary>
    public long Uploads => Interlocked.Read(ref _uploads);

    /// <summary>Stored files per way they came: <c>form</c> (multipart POST) and <c>presigned</c> (PUT).</summary>
    public IReadOnlyDictionary<string, long> UploadsByMethod => Copy(_uploadsByMethod);

    /// <summary>Result images served whole (not faulted, not expired).</summary>
    public long Downloads => Interlocked.Read(ref _downloads);

    /// <summary>Generations running now.</summary>
    public long Running
    {
        get
        {
            lock (_runningGate)
            {
                return _running;
            }
        }
    }

    /// <summary>The most generations ever running at once.</summary>
    public long PeakRunning
    {
        get
        {
            lock (_runningGate)
            {
                return _peakRunning;
            }
        }
    }

    public IReadOnlyDictionary<string, long> PeakRunningByKey
    {
        get
        {
            lock (_runningGate)
            {
                return new Dictionary<string, long>(_peakRunningByKey, StringComparer.Ordinal);
            }
        }
    }

    /// <summary>Requests that reached an endpoint, faulted or not (control requests are not counted).</summary>
    public long RequestsTo(EmulatorEndpoint endpoint) => _requestsByEndpoint.GetValueOrDefault(NameOf(endpoint));

    /// <summary>
    /// API requests per Bearer key, counted at the front door before anything can refuse them (a rejected key
    /// counts too): how often a client came back with a key. The credits query, which names its key in the body,
    /// counts only when it also sends a Bearer key.
    /// </summary>
    public IReadOnlyDictionary<string, long> RequestsByKey => Copy(_requestsByKey);

    /// <summary>API requests that missed <see cref="EmulatorSettings.PathPrefix"/> and were answered 404.</summary>
    public long RequestsOutsidePrefix => Interlocked.Read(ref _requestsOutsidePrefix);

    public long FaultsInjected(FaultKind kind) => _faultsByKind.GetValueOrDefault(NameOf(kind));

    public long FaultsInjectedTotal => _faultsByKind.Values.Sum();

    /// <summary>How a job is identified in <see cref="SubmissionsBySignature"/>: everything that decides what is drawn.</summary>
    public static string Signature(string model, string prompt, IEnumerable<string> urls, string aspectRatio, string? imageSize)
        => JsonSerializer.Serialize(new object?[] { model, prompt, urls, aspectRatio, imageSize ?? string.Empty }, Http.EmulatorJson.Options);

    /// <summary>A consistent-enough copy of every counter, as <c>GET /_emulator/stats</c> returns it.</summary>
    public EmulatorStatsSnapshot Snapshot()
    {
        lock (_runningGate)
        {
            return new EmulatorStatsSnapshot(
                Submissions,
                SubmissionsBySignature,
                SubmissionsByKey,
                new Dictionary<string, long>(StringComparer.Ordinal)
                {
                    ["running"] = _running,
                    ["succeeded"] = TasksSucceeded,
                    ["failed"] = TasksFailed,
                },
                FailuresByReason,
                Polls,
                Uploads,
                Downloads,
                Copy(_requestsByEndpoint),
                Copy(_faultsByKind),
                _running,
                new Dictionary<string, long>(_runningByKey, StringComparer.Ordinal),
                _peakRunning,
                new Dictionary<string, long>(_peakRunningByKey, StringComparer.Ordinal),
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
                Copy(_requestsByKey),
                RequestsOutsidePrefix,
                Copy(_uploadsByMethod));
        }
    }

    internal void Reset()
    {
        lock (_runningGate)
        {
            _submissionsBySignature.Clear();
            _submissionsByKey.Clear();
            _submissionsByApi.Clear();
            _chargesByKey.Clear();
            _creditsChargedByKey.Clear();
            _answersLostByKey.Clear();
            _refusals.Clear();
            Interlocked.Exchange(ref _refunds, 0);
            Interlocked.Exchange(ref _answersLost, 0);
            Interlocked.Exchange(ref _refusalCount, 0);
            _failuresByReason.Clear();
            _requestsByEndpoint.Clear();
            _requestsByKey.Clear();
            _uploadsByMethod.Clear();
            Interlocked.Exchange(ref _requestsOutsidePrefix, 0);
            _faultsByKind.Clear();
            _runningByKey.Clear();
            _peakRunningByKey.Clear();
            Interlocked.Exchange(ref _submissions, 0);
            Interlocked.Exchange(ref _succeeded, 0);
            Interlocked.Exchange(ref _failed, 0);
            Interlocked.Exchange(ref _polls, 0);
            Interlocked.Exchange(ref _uploads, 0);
            Interlocked.Exchange(ref _downloads, 0);
            _running = 0;
            _peakRunning = 0;
        }
    }

    internal void RequestReceived(EmulatorEndpoint endpoint, string? apiKey)
    {
        Increment(_requestsByEndpoint, NameOf(endpoint));
        if (!string.IsNullOrEmpty(apiKey))
        {
            Increment(_requestsByKey, apiKey);
        }
    }

    internal void RequestOutsidePrefix() => Interlocked.Increment(ref _requestsOutsidePrefix);

    internal void FaultInjected(FaultKind kind) => Increment(_faultsByKind, NameOf(kind));

    internal void PollAnswered() => Interlocked.Increment(ref _polls);

    internal void UploadStored(string method)
    {
        Interlocked.Increment(ref _uploads);
        Increment(_uploadsByMethod, method);
    }

    internal void DownloadServed() => Interlocked.Increment(ref _downloads);

    internal void TaskSubmitted(State.ServiceApi api, string apiKey, string signature, long cost)
    {
        Interlocked.Increment(ref _submissions);
        Increment(_submissionsBySignature, signature);
        Increment(_submissionsByKey, apiKey);
        Increment(_submissionsByApi, api == State.ServiceApi.Generate ? "generate" : "draw");
        Increment(_chargesByKey, apiKey);
        Add(_creditsChargedByKey, apiKey, cost);
        lock (_runningGate)
        {
            _running++;
            _peakRunning = Math.Max(_peakRunning, _running);
            var forKey = _runningByKey.GetValueOrDefault(apiKey) + 1;
            _runningByKey[apiKey] = forKey;
            _peakRunningByKey[apiKey] = Math.Max(_peakRunningByKey.GetValueOrDefault(apiKey), forKey);
        }
    }

    internal void TaskRefunded(string apiKey, long cost)
    {
        Interlocked.Increment(ref _refunds);
        Add(_chargesByKey, apiKey, -1);
        Add(_creditsChargedByKey, apiKey, -cost);
    }

    internal void AnswerLost(string apiKey)
    {
        Interlocked.Increment(ref _answersLost);
        Increment(_answersLostByKey, apiKey);
    }

    internal void Refused(EmulatorEndpoint endpoint, string reason)
    {
        if (Interlocked.Increment(ref _refusalCount) <= MaxRefusalsKept)
        {
            _refusals.Enqueue(new EmulatorRefusal(NameOf(endpoint), reason));
        }
    }

    internal void TaskFinished(string apiKey, string? failureReason)
    {
        lock (_runningGate)
        {
            _running--;
            var forKey = _runningByKey.GetValueOrDefault(apiKey) - 1;
            if (forKey > 0)
            {
                _runningByKey[apiKey] = forKey;
            }
            else
            {
                _runningByKey.Remove(apiKey);
            }
        }

        if (failureReason is null)
        {
            Interlocked.Increment(ref _succeeded);
        }
        else
        {
            Interlocked.Increment(ref _failed);
            Increment(_failuresByReason, failureReason);
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
