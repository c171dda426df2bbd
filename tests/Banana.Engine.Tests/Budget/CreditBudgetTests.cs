using Banana.Engine.Budget;
using Xunit;

namespace Banana.Engine.Tests.Budget;

public sealed class CreditBudgetTests
{
    private const long Price = 1200;

    [Fact]
    public void A_budget_of_three_and_a_half_images_lets_three_submissions_through_and_refuses_the_fourth()
    {
        var budget = new CreditBudget(3.5 * Price);

        bool[] answers = [.. Enumerable.Range(0, 5).Select(_ => budget.TryReserve(Price))];

        Assert.Equal([true, true, true, false, false], answers);
        Assert.Equal(3 * Price, budget.Reserved);
        Assert.True(budget.Exhausted);
        Assert.Equal(2, budget.Refusals);
    }

    [Fact]
    public void Workers_racing_for_the_budget_never_take_it_past_the_cap()
    {
        var budget = new CreditBudget(10 * Price);
        int granted = 0;

        Parallel.For(0, 1000, new ParallelOptions { MaxDegreeOfParallelism = 16 }, _ =>
        {
            if (budget.TryReserve(Price))
            {
                Interlocked.Increment(ref granted);
            }
        });

        Assert.Equal(10, granted);
        Assert.Equal(10 * Price, budget.Reserved);
    }

    [Fact]
    public void Once_refused_a_run_stays_stopped_even_for_a_job_that_would_fit()
    {
        var budget = new CreditBudget(1500);
        Assert.True(budget.TryReserve(1200));
        Assert.False(budget.TryReserve(440));
        Assert.False(budget.TryReserve(0));
        Assert.Equal(1200, budget.Reserved);
    }

    [Fact]
    public void A_reservation_given_back_is_spendable_again_before_any_refusal()
    {
        var budget = new CreditBudget(Price);
        Assert.True(budget.TryReserve(Price));
        budget.Release(Price);
        Assert.True(budget.TryReserve(Price));
        Assert.Equal(Price, budget.Reserved);
    }

    [Fact]
    public void Without_a_cap_every_submission_goes_and_the_spend_is_still_counted()
    {
        var budget = new CreditBudget(null);
        for (int i = 0; i < 100; i++)
        {
            Assert.True(budget.TryReserve(Price));
        }

        Assert.Equal(100 * Price, budget.Reserved);
        Assert.False(budget.Exhausted);
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_negative_or_meaningless_cap_is_refused(double cap)
        => Assert.Throws<ArgumentOutOfRangeException>(() => new CreditBudget(cap));
}
