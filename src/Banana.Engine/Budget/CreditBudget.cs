using System;
using System.Threading;

namespace Banana.Engine.Budget
{
    /// <summary>
    /// The estimated spend of one run against its cap (<c>-MaxCredits</c>). Every submission reserves its estimated
    /// price first and is only sent when the reservation fits, so no interleaving of workers can take the run past
    /// the cap: with a cap of 3.5 images' worth, the fourth submission is refused whichever worker asks. A refusal is
    /// final for the run (later, cheaper jobs are not slipped in out of order), and it is what makes the run say the
    /// budget stopped it. Resumed jobs whose task is already known cost nothing new and reserve nothing.
    /// </summary>
    public sealed class CreditBudget
    {
        private readonly object gate = new object();
        private long reserved;
        private int refusals;
        private bool exhausted;

        /// <param name="maxCredits">The cap; null for no cap (the spend is still counted, for the summary).</param>
        public CreditBudget(double? maxCredits)
        {
            if (maxCredits is { } cap && (cap < 0 || double.IsNaN(cap) || double.IsInfinity(cap)))
            {
                throw new ArgumentOutOfRangeException(nameof(maxCredits), maxCredits, "The budget must be zero or more credits.");
            }

            MaxCredits = maxCredits;
        }

        /// <summary>The cap, in credits; null when the run has none.</summary>
        public double? MaxCredits { get; }

        /// <summary>Credits reserved by the submissions sent so far (an estimate: the service's prices may differ).</summary>
        public long Reserved
        {
            get
            {
                lock (gate)
                {
                    return reserved;
                }
            }
        }

        /// <summary>True once a submission was refused: the run must say that the budget stopped it.</summary>
        public bool Exhausted
        {
            get
            {
                lock (gate)
                {
                    return exhausted;
                }
            }
        }

        /// <summary>How many submissions were refused.</summary>
        public int Refusals => Volatile.Read(ref refusals);

        /// <summary>
        /// Reserves <paramref name="credits"/> for one submission; false (and nothing reserved) when that would take
        /// the spend past the cap, or when an earlier submission was already refused.
        /// </summary>
        public bool TryReserve(long credits)
        {
            if (credits < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(credits), credits, "A price cannot be negative.");
            }

            lock (gate)
            {
                if (exhausted || (MaxCredits is { } cap && reserved + credits > cap))
                {
                    exhausted = true;
                    refusals++;
                    return false;
                }

                reserved += credits;
                return true;
            }
        }

        /// <summary>
        /// Gives back a reservation whose submission was never sent or was not accepted (the service answered before
        /// charging: a rejected key, a refused request). Never for a submission whose answer was lost: that may have
        /// been charged.
        /// </summary>
        public void Release(long credits)
        {
            lock (gate)
            {
                reserved = Math.Max(0, reserved - credits);
            }
        }
    }
}
