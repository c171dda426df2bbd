using System.Text.Json.Nodes;
using Banana.Client;
using Banana.Engine.Tests.Support;
using Xunit;

namespace Banana.Engine.Tests.Batch;

/// <summary>What may have cost money without a result: counted in the summary, kept in the manifest, shown in the report.</summary>
public sealed class ChargeAccountingTests : IDisposable
{
    private readonly ScratchFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task A_submission_whose_answer_was_lost_fails_its_job_and_is_counted_as_may_have_been_charged()
    {
        var input = InputFolder.Create(temp, 2, "a calm pose", "LOST answer");
        var client = new FakeGrsaiClient
        {
            BeforeAccepted = request =>
            {
                if (request.Prompt.StartsWith("LOST", StringComparison.Ordinal))
                {
                    throw new GrsaiTransientException("submit: the answer broke off after the service accepted the request.") { MayHaveBeenCharged = true };
                }
            },
        };
        var observer = new RecordingObserver();
        var options = new BatchOptions { InputPath = input, OutputPath = temp.Combine("out") };

        var summary = await FakeEngine.For(client, observer).RunBatchAsync(options, CancellationToken.None);

        Assert.Equal(2, summary.Succeeded);
        Assert.Equal(2, summary.Failed);
        Assert.Equal(2, summary.MayHaveBeenCharged);
        Assert.Equal(4, client.Submitted.Count);
        var lost = observer.Results.Where(r => r.Prompt.StartsWith("LOST", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, lost.Count);
        Assert.All(lost, r =>
        {
            Assert.True(r.MayHaveBeenCharged);
            Assert.Equal("ServiceUnavailable", r.ErrorId);
            Assert.Contains("may have charged", r.Error, StringComparison.Ordinal);
        });
        var report = File.ReadAllText(summary.ReportPath);
        Assert.Contains("May have been charged", report, StringComparison.Ordinal);
        Assert.Contains("may have been charged", report, StringComparison.Ordinal);
        var rows = JsonNode.Parse(File.ReadAllText(summary.ManifestPath))!["jobs"]!.AsArray();
        Assert.Equal(2, rows.Count(row => (bool?)row!["mayHaveBeenCharged"] == true));
    }

    [Fact]
    public async Task A_job_saved_after_a_submission_lost_its_answer_succeeds_and_is_counted_once_as_may_have_been_charged()
    {
        var input = InputFolder.Create(temp, 1, "a calm pose", "RETRIED after a lost answer");
        var client = new FakeGrsaiClient
        {
            UnansweredSubmissions = request => request.Prompt.StartsWith("RETRIED", StringComparison.Ordinal) ? 2 : 0,
        };
        var observer = new RecordingObserver();
        var options = new BatchOptions { InputPath = input, OutputPath = temp.Combine("out") };

        var summary = await FakeEngine.For(client, observer).RunBatchAsync(options, CancellationToken.None);

        Assert.Equal(2, summary.Succeeded);
        Assert.Equal(1, summary.MayHaveBeenCharged);
        var flagged = Assert.Single(observer.Results, r => r.MayHaveBeenCharged);
        Assert.StartsWith("RETRIED", flagged.Prompt, StringComparison.Ordinal);
        Assert.Equal(JobStatus.Succeeded, flagged.Status);
        Assert.True(File.Exists(Assert.Single(flagged.OutputFiles)));
        Assert.Contains("may have been charged", File.ReadAllText(summary.ReportPath), StringComparison.Ordinal);
    }
}
