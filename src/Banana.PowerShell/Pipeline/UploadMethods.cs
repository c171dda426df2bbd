using System;
using Banana.Client;

namespace Banana.PowerShell.Pipeline
{
    internal static class UploadMethods
    {
        /// <summary>The client's upload method named by a -Method value (already checked by ValidateSet).</summary>
        public static UploadMethod Parse(string name) => (UploadMethod)Enum.Parse(typeof(UploadMethod), name, ignoreCase: true);
    }
}
