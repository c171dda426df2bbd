using System.Text.Json.Nodes;
using Banana.Engine.Manifest;
using Banana.Engine.Tests.Support;
using Xunit;

namespace Banana.Engine.Tests.Hostile;

/// <summary>
/// A hand-edited manifest (issue 11, point 9): each damaged row stops the batch before anything is spent with
/// ManifestUnreadable naming the row and what to do, never raw .NET text.
/// </summary>
public sealed class DamagedManifestTests : IDisposable
{
    private readonly ScratchFolder temp = new();

    public void Dispose() => temp.Dispose();

    private string Output => temp.Combine("out");

    private string ManifestPath => Path.Combine(Output, ManifestFile.FileName);

    public static TheoryData<string, string, string> Damages() => new()
    {
        // edit of the second row, expected words
        { "null row", "null", "row 2 of 'jobs' is null" },
        { "null id", """{"id":null}""", "row 2 of 'jobs' has no id" },
        { "empty id", """{"id":""}""", "row 2 of 'jobs' has no id" },
        { "status as a number", """{"status":42}""", "unknown status" },
        { "status unknown word", """{"status":"paid"}""", "at $.jobs[1].status" },
        { "null prompt", """{"prompt":null}""", "has no prompt" },
        { "manifest as output", """{"outputName":"banana-manifest.json"}""", "the batch's own file" },
        { "report as output", """{"outputs":["REPORT.html"]}""", "the batch's own file" },
        { "lock as output", """{"outputName":".banana-batch.lock"}""", "the batch's own file" },
        { "path as output", """{"outputName":"../escape.png"}""", "not a plain file name" },
        { "empty output", """{"outputName":""}""", "is empty" },
        { "null outputs", """{"outputs":null}""", "null 'outputs'" },
        { "null result url", """{"resultUrls":[null]}""", "null result URL" },
        { "empty task id", """{"taskId":"  "}""", "empty taskId" },
        { "script upload url", """{"uploadUrl":"javascript:alert(1)"}""", "not an http(s) address" },
        { "null references", """{"references":null}""", "null 'references'" },
        { "reference without path", """{"references":[{"path":null,"sha256":"ab"}]}""", "without its path" },
        { "duplicate id", """{"id":"$first"}""", "repeats the id" },
    };

    [Theory]
    [MemberData(nameof(Damages))]
    public async Task A_damaged_row_is_named_and_nothing_is_spent(string label, string edit, string expected)
    {
        var input = InputFolder.Create(temp, 2, "p");
        var client = new FakeGrsaiClient();
        await FakeEngine.For(client, new RecordingObserver()).RunBatchAsync(new BatchOptions { InputPath = input, OutputPath = Output }, CancellationToken.None);
        var document = JsonNode.Parse(File.ReadAllText(ManifestPath))!;
        var jobs = document["jobs"]!.AsArray();
        var secondId = (string)jobs[1]!["id"]!;
        if (edit == "null")
        {
            jobs[1] = null;
        }
        else
        {
            foreach (var (name, value) in JsonNode.Parse(edit.Replace("$first", (string)jobs[0]!["id"]!, StringComparison.Ordinal))!.AsObject())
            {
                jobs[1]![name] = value?.DeepClone();
            }
        }

        File.WriteAllText(ManifestPath, document.ToJsonString());
        var submittedBefore = client.Submitted.Count;

        var error = await Assert.ThrowsAsync<BananaException>(
            () => FakeEngine.For(client, new RecordingObserver()).RunBatchAsync(new BatchOptions { InputPath = input, OutputPath = Output }, CancellationToken.None));

        Assert.Equal("ManifestUnreadable", error.ErrorId);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("move the manifest away", error.Message, StringComparison.Ordinal);
        if (label is not ("null row" or "null id" or "empty id" or "status unknown word"))
        {
            Assert.Contains(label == "duplicate id" ? "row 2" : $"(job {secondId})", error.Message, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("System.", error.Message, StringComparison.Ordinal);
        Assert.Equal(submittedBefore, client.Submitted.Count);
    }

    [Fact]
    public async Task A_journal_row_without_an_id_is_skipped_and_a_null_jobs_list_is_named()
    {
        Directory.CreateDirectory(Output);
        File.WriteAllText(ManifestPath, """{"formatVersion":1,"jobs":null}""");

        var error = Assert.Throws<BananaException>(() => ManifestFile.Load(ManifestPath, CancellationToken.None));

        Assert.Equal("ManifestUnreadable", error.ErrorId);
        Assert.Contains("'jobs' list is null", error.Message, StringComparison.Ordinal);
    }
}
