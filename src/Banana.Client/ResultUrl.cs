using System;

namespace Banana.Client
{
    /// <summary>Turns a result address the service sent into a <see cref="Uri"/> for download, or a per-job error.</summary>
    public static class ResultUrl
    {
        /// <summary>
        /// The address as a <see cref="Uri"/> (relative ones too, which the download then refuses);
        /// <see cref="GrsaiResultUrlRefusedException"/> when it is no address at all.
        /// </summary>
        public static Uri Parse(string? text, string? taskId = null)
        {
            if (!string.IsNullOrWhiteSpace(text) && Uri.TryCreate(text, UriKind.RelativeOrAbsolute, out var address))
            {
                return address;
            }

            throw new GrsaiResultUrlRefusedException(
                $"The service named '{Shorten(text)}' as a result{(taskId is null ? string.Empty : $" of task {taskId}")}, which is not an address.")
            {
                TaskId = taskId,
            };
        }

        private static string Shorten(string? text)
            => text is null ? string.Empty : text.Length <= 80 ? text : text.Substring(0, 80) + "...";
    }
}
