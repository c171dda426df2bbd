using System.Collections.Generic;

namespace Banana.Engine.Planning
{
    /// <summary>
    /// One value of a job file row as written: text (a CSV cell, a JSON string or number) or, for <c>Images</c> in
    /// JSON, a list. <see cref="Column"/> is the column's canonical name (<see cref="JobFileColumns"/>).
    /// </summary>
    internal sealed record JobFileCell(string Column, string? Text, IReadOnlyList<string>? List = null);
}
