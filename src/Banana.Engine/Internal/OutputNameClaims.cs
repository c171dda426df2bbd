using System;
using System.Collections.Generic;

namespace Banana.Engine
{
    /// <summary>
    /// The result names already given to jobs of one <c>GenerationStream</c>. Jobs run concurrently and several
    /// may share a stem (three prompts for one photo, or a.jpg and a.png), so each must own its name from the start:
    /// checking the disk alone lets them all pick <c>&lt;stem&gt;_1.png</c>, and all but one pay for a result they cannot save.
    /// </summary>
    internal sealed class OutputNameClaims
    {
        // Case-insensitive because Windows and macOS folders are: 'A_1.png' and 'a_1.png' would be one file there.
        private readonly HashSet<string> claimed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private readonly object gate = new object();

        /// <summary>Claims <c>&lt;stem&gt;_&lt;k&gt;.png</c> for the lowest k no earlier job of this stream has claimed.</summary>
        public string ClaimNext(string stem)
        {
            lock (gate)
            {
                for (var number = 1; ; number++)
                {
                    var name = $"{stem}_{number}.png";
                    if (claimed.Add(name))
                    {
                        return name;
                    }
                }
            }
        }
    }
}
