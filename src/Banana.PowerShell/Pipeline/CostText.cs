using System.Globalization;
using Banana.Engine;

namespace Banana.PowerShell.Pipeline
{
    /// <summary>How a cost estimate reads on a What if line.</summary>
    internal static class CostText
    {
        public static string Describe(BatchEstimate estimate)
        {
            var jobs = string.Format(
                CultureInfo.CurrentCulture,
                "{0:N0} job(s): {1:N0} to submit, {2:N0} to collect (already paid), {3:N0} already done",
                estimate.Jobs, estimate.ToSubmit, estimate.ToCollect, estimate.AlreadyDone);
            var cost = Credits(estimate.EstimatedCredits, estimate.CreditsPerSubmission, estimate.Model, estimate.PricesCheckedOn);
            var budget = estimate.MaxCredits is { } cap
                ? string.Format(CultureInfo.CurrentCulture, "; -MaxCredits {0:N0} lets {1:N0} of them through", cap, estimate.WithinBudget)
                : string.Empty;
            return jobs + "; " + cost + budget;
        }

        /// <summary>"about 7,200 credits (1,200 each for nano-banana-2, catalog prices of 2026-12-01)", or why there is no figure.</summary>
        public static string Credits(long? total, long? each, string model, string? checkedOn)
            => total is { } sum && each is { } price
                ? string.Format(
                    CultureInfo.CurrentCulture,
                    "about {0:N0} credits ({1:N0} each for {2}, catalog prices{3})",
                    sum, price, model, checkedOn is null ? string.Empty : " of " + checkedOn)
                : $"credits unknown (the model catalog has no price for {model})";
    }
}
