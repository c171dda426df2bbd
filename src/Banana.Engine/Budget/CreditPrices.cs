using System.Globalization;
using Banana.Client;

namespace Banana.Engine.Budget
{
    /// <summary>What a submission costs, by the model catalog (<c>Get-BananaModel</c>): the price per image last seen in public tables.</summary>
    public static class CreditPrices
    {
        /// <summary>Credits one submission of <paramref name="model"/> costs; null when the catalog has no price for it.</summary>
        public static long? PerSubmission(string model) => ModelCatalog.CostPerImage(model);

        /// <summary>The error for a budget that cannot be kept because the model has no price.</summary>
        internal static BananaException Unknown(string model, string maxCreditsOption)
            => new BananaException(
                "CreditPriceUnknown",
                BananaErrorKind.InvalidInput,
                $"The model catalog has no price for '{model}', so {maxCreditsOption} cannot be kept. Add \"credits\" for it in your "
                    + "model catalog file (see Get-BananaModel), or run without the budget.",
                model);

        internal static string Format(double credits) => credits.ToString("N0", CultureInfo.InvariantCulture);
    }
}
