namespace Banana.Emulator.Faults;

/// <summary>Which fault kinds can happen at which stage, so a rule only fires where its fault is meaningful.</summary>
internal static class FaultPlacement
{
    public static bool Applies(FaultKind kind, FaultStage stage, EmulatorEndpoint endpoint) => stage switch
    {
        FaultStage.Entry => kind switch
        {
            FaultKind.Http408 or FaultKind.Http429 or FaultKind.Http500 or FaultKind.Http502
                or FaultKind.Http503 or FaultKind.Http504 or FaultKind.Abort or FaultKind.Delay => true,
            FaultKind.RejectedKey => RequiresApiKey(endpoint),
            _ => false,
        },
        FaultStage.Submission => IsSubmissionFault(kind),
        FaultStage.StreamSubmission => IsSubmissionFault(kind) || kind is FaultKind.StreamCut,
        FaultStage.Poll => kind is FaultKind.PollNotFound,
        FaultStage.Serve => kind is FaultKind.CorruptHtml or FaultKind.Truncated or FaultKind.Expired or FaultKind.AlteredBytes
            or FaultKind.GarbledImage,
        FaultStage.CreditsQuery => kind is FaultKind.CreditsExhausted,
        FaultStage.UploadToken => kind is FaultKind.ForeignUploadDomain,
        _ => false,
    };

    /// <summary>What can happen to a valid submission: refused for credits, a task that fails, or an answer that goes wrong after the charge.</summary>
    private static bool IsSubmissionFault(FaultKind kind)
        => kind is FaultKind.CreditsExhausted or FaultKind.TaskError or FaultKind.OutputModeration
            or FaultKind.AnswerLost or FaultKind.Http502AfterCharge or FaultKind.Http504AfterCharge or FaultKind.DuplicateAnswer
            or FaultKind.ForeignResultUrl;

    /// <summary>The endpoints that take an API key (storage and file hosts do not, as in the real service).</summary>
    public static bool RequiresApiKey(EmulatorEndpoint endpoint)
        => endpoint is EmulatorEndpoint.Draw or EmulatorEndpoint.Result or EmulatorEndpoint.UploadToken
            or EmulatorEndpoint.Credits or EmulatorEndpoint.Generate;
}
