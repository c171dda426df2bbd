using System.Globalization;

namespace Banana.Engine.Budget
{
    /// <summary>What a run says when its credit budget stopped it: plainly, with what to do next.</summary>
    internal static class BudgetNotice
    {
        public static string Stopped(BatchSummary summary, HostWording wording)
            => string.Format(
                CultureInfo.InvariantCulture,
                "The credit budget of {0} stopped the run: {1} job(s) not started (about {2} credits estimated for what was submitted). "
                    + "They stay resumable: run the same command again with a higher {3} to go on; nothing is paid twice.",
                CreditPrices.Format(summary.MaxCredits ?? 0),
                summary.NotStarted,
                summary.CreditsEstimated is { } spent ? CreditPrices.Format(spent) : "an unknown number of",
                wording.MaxCredits);
    }
}
