namespace Banana.Emulator;

/// <summary>Every counter of <see cref="EmulatorStats"/> at one moment; the body of <c>GET /_emulator/stats</c>.</summary>
public sealed record EmulatorStatsSnapshot(
    long Submissions,
    IReadOnlyDictionary<string, long> SubmissionsBySignature,
    IReadOnlyDictionary<string, long> SubmissionsByKey,
    IReadOnlyDictionary<string, long> TasksByState,
    IReadOnlyDictionary<string, long> FailuresByReason,
    long Polls,
    long Uploads,
    long Downloads,
    long ResultBytesServed,
    IReadOnlyDictionary<string, long> RequestsByEndpoint,
    IReadOnlyDictionary<string, long> FaultsByKind,
    long Running,
    IReadOnlyDictionary<string, long> RunningByKey,
    long PeakRunning,
    IReadOnlyDictionary<string, long> PeakRunningByKey,
    IReadOnlyDictionary<string, long> SubmissionsByApi,
    long Charges,
    IReadOnlyDictionary<string, long> ChargesByKey,
    long CreditsCharged,
    IReadOnlyDictionary<string, long> CreditsChargedByKey,
    long Refunds,
    long AnswersLost,
    IReadOnlyDictionary<string, long> AnswersLostByKey,
    long RefusalCount,
    IReadOnlyList<EmulatorRefusal> Refusals,
    IReadOnlyDictionary<string, long> RequestsByKey,
    long RequestsOutsidePrefix,
    IReadOnlyDictionary<string, long> UploadsByMethod);

/// <summary>One refused request: the endpoint (as in <c>requestsByEndpoint</c>) and the reason the service gave.</summary>
public sealed record EmulatorRefusal(string Endpoint, string Reason);
