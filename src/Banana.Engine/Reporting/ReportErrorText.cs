using System;
using System.Globalization;
using System.IO;

namespace Banana.Engine.Reporting
{
    /// <summary>
    /// The part of a job's error the card has to say. The engine's messages start with the job's description
    /// ("job 1a2b (photo.jpg x prompt 2 -> photo_p2_1.png): ...") so they stand alone in a console or log; on a card
    /// that already shows the job id, the source and the prompt number, that prefix only pushes the reason down (and
    /// so does the task id the card shows next to it).
    /// </summary>
    internal static class ReportErrorText
    {
        private const string DescriptionEnd = "): ";

        internal static string Short(ReportRow row)
        {
            string message = row.ErrorMessage ?? string.Empty;
            string prefix = "job " + row.JobId + " (" + SourceDescription(row) + " -> ";

            // Only this row's own description goes: anything else in the message may be the only place it is said.
            if (row.JobId.Length == 0 || !message.StartsWith(prefix, StringComparison.Ordinal))
            {
                return message;
            }

            int end = message.IndexOf(DescriptionEnd, prefix.Length, StringComparison.Ordinal);
            if (end < 0 || end + DescriptionEnd.Length == message.Length)
            {
                return message;
            }

            string reason = message.Substring(end + DescriptionEnd.Length);

            // The card shows the task id too: "Task 5f1c… was refused" reads as well as "The task was refused".
            string task = "Task " + row.TaskId + " ";
            return !string.IsNullOrEmpty(row.TaskId) && reason.StartsWith(task, StringComparison.Ordinal)
                ? "The task " + reason.Substring(task.Length)
                : reason;
        }

        private static string SourceDescription(ReportRow row)
        {
            string prompt = "prompt " + row.PromptNumber.ToString(CultureInfo.InvariantCulture);
            return string.IsNullOrEmpty(row.SourcePath) ? prompt : Path.GetFileName(row.SourcePath) + " x " + prompt;
        }
    }
}
