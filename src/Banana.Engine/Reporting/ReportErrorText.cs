using System;

namespace Banana.Engine.Reporting
{
    /// <summary>
    /// The part of a job's error the card has to say. The card already shows the task id next to the message, so
    /// "Task 5f1c… was refused" reads as "The task was refused".
    /// </summary>
    internal static class ReportErrorText
    {
        internal static string Short(ReportRow row)
        {
            string message = row.ErrorMessage ?? string.Empty;
            string task = "Task " + row.TaskId;
            if (string.IsNullOrEmpty(row.TaskId) || !message.StartsWith(task, StringComparison.Ordinal))
            {
                return message;
            }

            string rest = message.Substring(task.Length);
            return rest.StartsWith(" ", StringComparison.Ordinal) || rest.StartsWith(":", StringComparison.Ordinal)
                ? "The task" + rest
                : message;
        }
    }
}
