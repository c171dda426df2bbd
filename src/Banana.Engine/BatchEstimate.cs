namespace Banana.Engine
{
    /// <summary>
    /// What a batch would do and cost, worked out without spending or writing anything (<c>-WhatIf</c>): its jobs by
    /// what each needs, and the credits the new submissions would take by the model catalog's prices.
    /// </summary>
    public sealed class BatchEstimate
    {
        /// <summary>Every job of the inputs (images x prompts x count).</summary>
        public int Jobs { get; set; }

        /// <summary>Jobs that would be submitted (and paid for).</summary>
        public int ToSubmit { get; set; }

        /// <summary>Jobs whose task an earlier run recorded: collected, not paid for again.</summary>
        public int ToCollect { get; set; }

        /// <summary>Jobs finished by an earlier run.</summary>
        public int AlreadyDone { get; set; }

        /// <summary>Jobs that would fail at once because their file name is taken (no -Force).</summary>
        public int Refused { get; set; }

        public string Model { get; set; } = string.Empty;

        /// <summary>Credits per submission by the catalog; null when it has no price for the model.</summary>
        public long? CreditsPerSubmission { get; set; }

        /// <summary><see cref="ToSubmit"/> x <see cref="CreditsPerSubmission"/>; null when the price is unknown.</summary>
        public long? EstimatedCredits { get; set; }

        /// <summary>When the catalog's prices were last checked against public sources (yyyy-MM-dd).</summary>
        public string? PricesCheckedOn { get; set; }

        /// <summary>The run's budget, when one was given.</summary>
        public double? MaxCredits { get; set; }

        /// <summary>How many of <see cref="ToSubmit"/> the budget lets through (all of them without a budget).</summary>
        public int WithinBudget { get; set; }
    }
}
