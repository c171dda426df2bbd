using System;
using System.Diagnostics;
using System.Management.Automation;

namespace Banana.PowerShell.Pipeline
{
    /// <summary>
    /// One Write-Progress bar with a stable activity id, redrawn at most a few times a second (drawing every update
    /// of a busy batch would cost more than the work), and closed with a Completed record. Pipeline thread only.
    /// </summary>
    internal sealed class ProgressBar
    {
        private static readonly TimeSpan MinimumInterval = TimeSpan.FromMilliseconds(250);

        private readonly Cmdlet cmdlet;
        private readonly int activityId;
        private readonly string activity;
        private readonly Stopwatch sinceLastDraw = new Stopwatch();
        private bool shown;

        public ProgressBar(Cmdlet cmdlet, int activityId, string activity)
        {
            this.cmdlet = cmdlet;
            this.activityId = activityId;
            this.activity = activity;
        }

        /// <summary>
        /// Draws the bar unless it was drawn moments ago. <paramref name="percent"/> -1 means unknown;
        /// <paramref name="remaining"/> feeds the host's own time-left display.
        /// </summary>
        public void Update(string status, int percent = -1, TimeSpan? remaining = null)
        {
            if (shown && sinceLastDraw.Elapsed < MinimumInterval)
            {
                return;
            }

            cmdlet.WriteProgress(new ProgressRecord(activityId, activity, status)
            {
                PercentComplete = Math.Min(100, percent),
                SecondsRemaining = remaining is { } left ? (int)Math.Ceiling(left.TotalSeconds) : -1,
            });
            shown = true;
            sinceLastDraw.Restart();
        }

        public void Complete()
        {
            if (!shown)
            {
                return;
            }

            cmdlet.WriteProgress(new ProgressRecord(activityId, activity, "Done") { RecordType = ProgressRecordType.Completed });
            shown = false;
        }
    }
}
