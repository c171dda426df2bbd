using System.Collections.Generic;

namespace Banana.Engine.Planning
{
    /// <summary>
    /// A row of a job file before its values are checked. <see cref="Row"/> is its 1-based position among the data
    /// rows (the CSV header is not a row); <see cref="Where"/> says it for people ("row 2 (line 3)").
    /// </summary>
    internal sealed record JobFileCells(int Row, string Where, IReadOnlyDictionary<string, JobFileCell> Cells);
}
