using System.Text.Json.Nodes;
using System.Text;
using Banana.Engine.Tests.Support;
using Xunit;

namespace Banana.Engine.Tests.Inputs;

/// <summary>Job files (-JobFile jobs.csv / jobs.json): what each row sends, what it is called, and which rows are refused.</summary>
public sealed class JobFileTests : IDisposable
{
    private readonly ScratchFolder temp = new();
    private FakeGrsaiClient client = new();
    private RecordingObserver observer = new();

    public JobFileTests()
    {
        // Distinct content per photo: one upload per distinct image is part of what is checked.
        var photos = temp.Combine("jobs", "photos");
        Directory.CreateDirectory(photos);
        string[] names = ["model.png", "dress.png", "hat.png", "shoes.png"];
        for (var i = 0; i < names.Length; i++)
        {
            TestImages.Write(Path.Combine(photos, names[i]), TestImages.Png(2, 2, (byte)(40 * i), 7, 99));
        }
    }

    public void Dispose() => temp.Dispose();

    private string Output => temp.Combine("out");

    private string WriteJobFile(string name, string text, Encoding? encoding = null)
    {
        var path = temp.Combine("jobs", name);
        encoding ??= new UTF8Encoding(false);
        File.WriteAllBytes(path, [.. encoding.GetPreamble(), .. encoding.GetBytes(text)]);
        return path;
    }

    /// <summary>Runs the job file with a fresh fake service; <see cref="client"/> and <see cref="observer"/> stay for assertions, also after a throw.</summary>
    private async Task<BatchSummary> RunAsync(string jobFile, Action<BatchOptions>? change = null)
    {
        client = new FakeGrsaiClient();
        observer = new RecordingObserver();
        var options = new BatchOptions
        {
            JobFile = jobFile,
            OutputPath = Output,
        };
        change?.Invoke(options);
        var fake = client;
        return await FakeEngine.For(fake, observer).RunBatchAsync(options, CancellationToken.None);
    }

    private static string Url(string file) => "https://files.example/" + file;

    private string[] OutputNames() => Directory.GetFiles(Output, "*.png").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

    [Fact]
    public async Task Each_row_sends_all_its_references_in_its_order_in_one_task_and_each_image_is_uploaded_once()
    {
        var jobs = WriteJobFile("jobs.csv", """
            Images,Prompt,Name
            photos/model.png;photos/dress.png,"Put the dress on the model, keep the pose",look1
            photos/model.png; photos/hat.png ;photos/shoes.png,Dress the model in the hat and the shoes,
            ,"A banana, on a plate",
            """);

        var summary = await RunAsync(jobs);

        Assert.Equal(3, summary.Succeeded);
        var byPrompt = client.Submitted.ToDictionary(r => r.Prompt);
        Assert.Equal([Url("model.png"), Url("dress.png")], byPrompt["Put the dress on the model, keep the pose"].ImageUrls);
        Assert.Equal([Url("model.png"), Url("hat.png"), Url("shoes.png")], byPrompt["Dress the model in the hat and the shoes"].ImageUrls);
        Assert.Empty(byPrompt["A banana, on a plate"].ImageUrls);
        Assert.Equal(4, client.Uploaded.Count); // model.png serves both rows
        Assert.Equal(["look1_1.png", "model_r2_1.png", "prompt_r3_1.png"], OutputNames());

        var second = Assert.Single(observer.Results, r => r.Row == 2);
        Assert.Equal(["model.png", "hat.png", "shoes.png"], second.SourcePaths.Select(Path.GetFileName));
        Assert.Equal([Url("model.png"), Url("hat.png"), Url("shoes.png")], second.ImageUrls);

        var rows = JsonNode.Parse(File.ReadAllText(Path.Combine(Output, "banana-manifest.json")))!["jobs"]!.AsArray();
        var secondRow = Assert.Single(rows, r => (int?)r!["row"] == 2)!;
        Assert.Equal(Url("shoes.png"), (string?)secondRow["references"]![2]!["uploadUrl"]);
    }

    [Fact]
    public async Task A_json_job_file_takes_images_as_a_list_or_a_string_and_rows_set_their_own_model_and_count()
    {
        var jobs = WriteJobFile("jobs.json", """
            [
              { "images": ["photos/model.png", "photos/dress.png"], "prompt": "combine", "name": "pair", "count": 2 },
              { "Images": "photos/hat.png", "Prompt": "hat only", "Model": "nano-banana-pro", "AspectRatio": "3:4", "ImageSize": "2K" },
            ]
            """);

        var summary = await RunAsync(jobs);

        Assert.Equal(3, summary.Succeeded);
        Assert.Equal(2, client.Submitted.Count(r => r.Prompt == "combine" && r.ImageUrls.SequenceEqual([Url("model.png"), Url("dress.png")])));
        var hat = Assert.Single(client.Submitted, r => r.Prompt == "hat only");
        Assert.Equal(("nano-banana-pro", "3:4", "2K"), (hat.Model, hat.AspectRatio, hat.ImageSize));
        Assert.All(client.Submitted.Where(r => r.Prompt == "combine"), r => Assert.Equal(Banana.Client.ModelCatalog.DefaultModel, r.Model));
        Assert.Equal(["hat_r2_1.png", "pair_1.png", "pair_2.png"], OutputNames());
        var report = File.ReadAllText(summary.ReportPath);
        Assert.Contains($"per row: {Banana.Client.ModelCatalog.DefaultModel}, nano-banana-pro", report, StringComparison.Ordinal);
        Assert.Contains("per row: auto, 3:4", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_mistake_of_every_row_is_reported_with_file_row_and_column_and_nothing_is_sent()
    {
        var jobs = WriteJobFile("jobs.csv", """
            Images,Prompt,Model,AspectRatio,ImageSize,Count,Colour
            photos/model.png;photos/missing.png,fine prompt,,,,,red
            photos/model.png,   ,,,,,
            photos/dress.png,p,nano-banana-fast,4:1,,,
            photos/hat.png,p,nano-banana-fast,,2K,,
            photos/hat.png,p,,,,zero,
            photos/shoes.png,p,nano-banana-pro,,8K,,
            photos/shoes.png,p,nano-banana-9,1:1,,,
            """);

        var e = await Assert.ThrowsAsync<BananaException>(() => RunAsync(jobs));

        Assert.Equal("JobFileRefused", e.ErrorId);
        var messages = observer.Problems.ToList();
        Assert.True(messages.Count == 7, string.Join("\n", messages.Select(m => m.Message)));
        Assert.Contains("7 mistake(s)", e.Message, StringComparison.Ordinal);
        Assert.All(messages, m => Assert.StartsWith($"Job file '{jobs}'", m.Message, StringComparison.Ordinal));
        Assert.All(messages, m => Assert.Equal(jobs, m.Target));
        AssertProblem(messages, "JobFileUnknownColumn", "the header (line 1), column Colour:");
        AssertProblem(messages, "JobFileImageNotFound", "row 1 (line 2), column Images: 'photos/missing.png'");
        AssertProblem(messages, "JobFileEmptyPrompt", "row 2 (line 3), column Prompt:");
        AssertProblem(messages, "JobFileInvalidValue", "row 3 (line 4), column AspectRatio: Aspect ratio '4:1' is not offered by nano-banana-fast");
        AssertProblem(messages, "JobFileInvalidValue", "row 4 (line 5), column ImageSize:");
        AssertProblem(messages, "JobFileInvalidValue", "row 5 (line 6), column Count: 'zero'");
        AssertProblem(messages, "JobFileInvalidValue", "row 6 (line 7), column ImageSize: Image size '8K' is not offered by nano-banana-pro");
        Assert.Contains(observer.Warnings, w => w.StartsWith("Job file row 7: Model 'nano-banana-9' is not in the catalog", StringComparison.Ordinal));
        Assert.Empty(client.Uploaded);
        Assert.Empty(client.Submitted);
        Assert.False(File.Exists(Path.Combine(Output, "banana-manifest.json")));
    }

    [Fact]
    public async Task Shape_mistakes_are_named_too_unquoted_commas_repeated_names_and_repeated_images()
    {
        var jobs = WriteJobFile("jobs.csv", """
            images,PROMPT,name
            photos/model.png,red, then blue,a
            photos/model.png;photos/model.png,p,b
            photos/dress.png,p,a
            photos/hat.png,p,bad/name
            """);

        var e = await Assert.ThrowsAsync<BananaException>(() => RunAsync(jobs));

        Assert.Equal("JobFileRefused", e.ErrorId);
        var problems = observer.Problems.ToList();
        AssertProblem(problems, "JobFileExtraValues", "row 1 (line 2):");
        AssertProblem(problems, "JobFileInvalidValue", "row 2 (line 3), column Images: 'photos/model.png' is listed twice");
        AssertProblem(problems, "JobFileInvalidValue", "row 4 (line 5), column Name: 'bad/name'");
        Assert.Equal(3, problems.Count); // row 3's name 'a' is free: row 1 was refused before it took it
        Assert.Empty(client.Submitted);
    }

    [Fact]
    public async Task A_json_file_names_the_object_and_field_of_each_mistake()
    {
        var jobs = WriteJobFile("jobs.json", """
            [
              { "Images": ["photos/model.png", 3], "Prompt": "p" },
              "not an object",
              { "Images": "photos/none.png", "Prompt": "" , "Extra": 1 }
            ]
            """);

        await Assert.ThrowsAsync<BananaException>(() => RunAsync(jobs));

        var problems = observer.Problems.ToList();
        AssertProblem(problems, "JobFileInvalidValue", "row 1, column Images:");
        AssertProblem(problems, "JobFileMalformed", "row 2:");
        AssertProblem(problems, "JobFileUnknownColumn", "row 3, column Extra:");
        AssertProblem(problems, "JobFileImageNotFound", "row 3, column Images: 'photos/none.png'");
        AssertProblem(problems, "JobFileEmptyPrompt", "row 3, column Prompt:");
        Assert.Equal(5, problems.Count);
        Assert.Empty(client.Submitted);
    }

    [Theory]
    [InlineData("jobs.csv", "Images,Prompt\nphotos/model.png,\"never closed\n", "JobFileMalformed", "line 2")]
    [InlineData("jobs.csv", "Images,Prompt\n", "JobFileEmpty", "no jobs")]
    [InlineData("jobs.csv", "Images,Name\nphotos/model.png,x\n", "JobFileMissingColumn", "column Prompt")]
    [InlineData("jobs.json", "{\"Prompt\": \"p\"}", "JobFileMalformed", "JSON array")]
    [InlineData("jobs.json", "[{\"Prompt\": \"p\"", "JobFileMalformed", "not valid JSON")]
    public async Task A_broken_file_is_refused_with_what_is_wrong(string name, string text, string errorId, string says)
    {
        var jobs = WriteJobFile(name, text);

        var e = await Assert.ThrowsAsync<BananaException>(() => RunAsync(jobs));

        Assert.Equal("JobFileRefused", e.ErrorId);
        AssertProblem(observer.Problems, errorId, says);
        Assert.Empty(client.Submitted);
    }

    [Fact]
    public async Task A_missing_or_unsupported_job_file_is_a_clear_error()
    {
        var missing = await Assert.ThrowsAsync<BananaException>(() => RunAsync(temp.Combine("jobs", "nope.csv")));
        Assert.Equal("JobFileNotFound", missing.ErrorId);

        var unsupported = await Assert.ThrowsAsync<BananaException>(() => RunAsync(WriteJobFile("jobs.txt", "Prompt\np")));
        Assert.Equal("JobFileUnsupported", unsupported.ErrorId);
    }

    [Fact]
    public async Task A_spreadsheet_saved_as_gbk_csv_reads_its_chinese_prompts()
    {
        var gbk = CodePagesEncoding(936);
        var jobs = WriteJobFile("jobs.csv", "Images,Prompt\r\nphotos/model.png,换一个自然休闲优雅的pose\r\n,,\r\n", gbk);

        var summary = await RunAsync(jobs);

        Assert.Equal(1, summary.Succeeded);
        Assert.Equal("换一个自然休闲优雅的pose", Assert.Single(client.Submitted).Prompt);
    }

    [Fact]
    public async Task A_rerun_submits_nothing_done_and_a_changed_row_is_a_new_job()
    {
        const string header = "Images,Prompt,Name\n";
        var jobs = WriteJobFile("jobs.csv", header + "photos/model.png;photos/dress.png,combine,look\nphotos/hat.png,hat,\n");
        Assert.Equal(2, (await RunAsync(jobs)).Succeeded);

        var again = await RunAsync(jobs);
        Assert.Equal(2, again.Skipped);
        Assert.Empty(client.Submitted);
        Assert.Empty(client.Uploaded);

        // The references swapped places: a different request, so a new job (its name taken, it gets a version).
        WriteJobFile("jobs.csv", header + "photos/dress.png;photos/model.png,combine,look\nphotos/hat.png,hat,\n");
        var changed = await RunAsync(jobs);
        Assert.Equal(1, changed.Skipped);
        Assert.Equal(1, changed.Succeeded);
        Assert.Equal([Url("dress.png"), Url("model.png")], Assert.Single(client.Submitted).ImageUrls);
        Assert.Empty(client.Uploaded); // both were uploaded by the first run
        Assert.Contains("look_1_v2.png", OutputNames());
    }

    private static Encoding CodePagesEncoding(int codePage)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(codePage);
    }

    private static void AssertProblem(IEnumerable<InputProblem> problems, string errorId, string text)
        => Assert.Single(problems, p => p.ErrorId == errorId && p.Message.Contains(text, StringComparison.Ordinal));
}
