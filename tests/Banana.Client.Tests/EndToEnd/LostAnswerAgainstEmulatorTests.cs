using Banana.Emulator;
using Xunit;

namespace Banana.Client.Tests.EndToEnd;

/// <summary>
/// A submission whose answer is lost after the service took it: retried (nothing can tell it from a request that never
/// arrived), and reported to the caller with the task so the job can be counted as "may have been charged".
/// </summary>
public sealed class LostAnswerAgainstEmulatorTests : EmulatorTestBase
{
    [Theory]
    [InlineData(FaultKind.AnswerLost, GrsaiApi.Draw)]
    [InlineData(FaultKind.Http502AfterCharge, GrsaiApi.Draw)]
    [InlineData(FaultKind.Http504AfterCharge, GrsaiApi.Draw)]
    [InlineData(FaultKind.AnswerLost, GrsaiApi.Generate)]
    [InlineData(FaultKind.Http502AfterCharge, GrsaiApi.Generate)]
    [InlineData(FaultKind.Http504AfterCharge, GrsaiApi.Generate)]
    public async Task A_paid_task_whose_answer_was_lost_is_reported_with_the_task_that_succeeds(FaultKind kind, GrsaiApi api)
    {
        Inject(kind, api == GrsaiApi.Draw ? EmulatorEndpoint.Draw : EmulatorEndpoint.Generate, count: 1);
        var accepted = new List<AcceptedTask>();

        var result = await Client(ForApi(api)).GenerateAsync(TextOnly(), Record(accepted), null, CancellationToken.None);

        Assert.Equal(TaskState.Succeeded, result.State);
        var task = Assert.Single(accepted);
        Assert.Equal(result.Id, task.Id);
        Assert.Equal(1, task.UnansweredSubmissions);
        Assert.True(task.MayHaveBeenChargedTwice);
        Assert.Equal(2, Emulator.Stats.Charges);
        Assert.Equal(1, Emulator.Stats.AnswersLost);
    }

    [Theory]
    [InlineData(FaultKind.Http503)]
    [InlineData(FaultKind.Http429)]
    [InlineData(FaultKind.Http500)]
    public async Task A_refusal_the_service_itself_answered_is_not_a_possible_charge(FaultKind kind)
    {
        Inject(kind, EmulatorEndpoint.Draw, count: 2);
        var accepted = new List<AcceptedTask>();

        await Client(ForApi(GrsaiApi.Draw)).GenerateAsync(TextOnly(), Record(accepted), null, CancellationToken.None);

        Assert.Equal(0, Assert.Single(accepted).UnansweredSubmissions);
        Assert.Equal(1, Emulator.Stats.Charges);
    }

    [Fact]
    public async Task A_submission_whose_every_attempt_lost_its_answer_fails_as_may_have_been_charged()
    {
        Inject(FaultKind.AnswerLost, EmulatorEndpoint.Draw);
        var options = ForApi(GrsaiApi.Draw);
        options.MaxRetries = 2;

        var error = await Assert.ThrowsAnyAsync<GrsaiException>(
            () => Client(options).GenerateAsync(TextOnly(), Record([]), null, CancellationToken.None));

        Assert.True(error.MayHaveBeenCharged);
        Assert.Equal(3, Emulator.Stats.Charges);
    }

    private GrsaiClientOptions ForApi(GrsaiApi api)
    {
        var options = Options(mode: SubmitMode.Poll);
        options.Api = api;
        return options;
    }

    private static Func<AcceptedTask, CancellationToken, Task> Record(List<AcceptedTask> accepted) => (task, _) =>
    {
        accepted.Add(task);
        return Task.CompletedTask;
    };
}
