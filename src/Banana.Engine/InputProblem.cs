namespace Banana.Engine
{
    /// <summary>
    /// A problem with one input item (a non-image named .jpg, an unreadable or oversized file): the item is left
    /// out before any credit is spent and the rest of the batch goes on.
    /// </summary>
    public sealed record InputProblem(string ErrorId, string Message, string Target, BananaErrorKind Kind);
}
