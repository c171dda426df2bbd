namespace Banana.Emulator;

/// <summary>
/// What an injected fault does. Each kind only fires where it makes sense (see <see cref="FaultPlacement"/>):
/// a rule for <see cref="Truncated"/> on the draw endpoint never matches.
/// </summary>
public enum FaultKind
{
    /// <summary>HTTP 408 Request Timeout, JSON body.</summary>
    Http408,
    /// <summary>HTTP 429 Too Many Requests with a <c>Retry-After</c> header (<see cref="FaultRule.RetryAfterSeconds"/>).</summary>
    Http429,
    /// <summary>HTTP 500, JSON body.</summary>
    Http500,
    /// <summary>HTTP 502 with an HTML body, as a proxy in front of the service answers.</summary>
    Http502,
    /// <summary>HTTP 503, JSON body.</summary>
    Http503,
    /// <summary>HTTP 504 with an HTML body, as a proxy answers.</summary>
    Http504,
    /// <summary>The connection is dropped before any response byte.</summary>
    Abort,
    /// <summary>The request is held for <see cref="FaultRule.DelayMs"/> and then answered normally (client timeouts).</summary>
    Delay,
    /// <summary>A streamed draw ends right after its first frame, without a final frame; the task itself runs on.</summary>
    StreamCut,
    /// <summary>The task fails with <c>failure_reason: "error"</c>.</summary>
    TaskError,
    /// <summary>The task fails with <c>failure_reason: "output_moderation"</c>.</summary>
    OutputModeration,
    /// <summary>A poll answers <c>{code: -22, msg: "task not found"}</c> although the task exists.</summary>
    PollNotFound,
    /// <summary>A download answers 200 with an HTML page instead of the image.</summary>
    CorruptHtml,
    /// <summary>A download answers 200 with only the first half of the bytes.</summary>
    Truncated,
    /// <summary>A download answers 404, as an expired result URL does.</summary>
    Expired,
    /// <summary>HTTP 401 <c>{code: -1, msg: "invalid api key"}</c> on an authenticated endpoint.</summary>
    RejectedKey,
    /// <summary>A draw answers <c>{code: -1, msg: "credits not enough"}</c>; a credits query answers 0.</summary>
    CreditsExhausted,
    /// <summary>
    /// A valid submission (either API, any reply mode) becomes a task and is charged, then the connection is
    /// dropped before any answer byte: the client cannot know the task exists. The task runs on.
    /// </summary>
    AnswerLost,
    /// <summary>A valid submission becomes a task and is charged, then a proxy answers 502 (HTML) instead.</summary>
    Http502AfterCharge,
    /// <summary>A valid submission becomes a task and is charged, then a proxy answers 504 (HTML) instead.</summary>
    Http504AfterCharge,
    /// <summary>
    /// A valid submission becomes one task, charged once, and its answer comes twice: every stream frame is sent
    /// twice, a one-shot JSON answer is written twice in the same body.
    /// </summary>
    DuplicateAnswer,

    /// <summary>
    /// <c>files</c>, <c>results</c>: 200 with the right length and content type but one byte changed, as a CDN that
    /// serves a different object under the URL would: only comparing the bytes finds out.
    /// </summary>
    AlteredBytes,

    /// <summary>
    /// <c>results</c>: 200 with a PNG whose signature, header, chunk CRCs and end are all intact but whose compressed
    /// pixel data is garbage, as a broken encoder or a damaged cache might serve: only decoding the image finds out.
    /// </summary>
    GarbledImage,

    /// <summary>
    /// A valid submission whose task succeeds but names <see cref="FaultRule.Address"/> as the address of its
    /// first result: a <c>file:</c>, <c>data:</c> or relative URL, or a private-network host, as a hostile or broken
    /// service might send.
    /// </summary>
    ForeignResultUrl,

    /// <summary>
    /// An upload token (form or presigned) whose <c>domain</c>, the public address uploads are served from, is
    /// <see cref="FaultRule.Address"/>: a <c>javascript:</c> or private-network address a hostile service might name.
    /// </summary>
    ForeignUploadDomain,
}
