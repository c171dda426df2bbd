using System.Text;
using Banana.Engine.Planning;
using Banana.Engine.Tests.Support;
using Xunit;

namespace Banana.Engine.Tests.Inputs;

/// <summary>Per-photo prompt files (text/&lt;photo&gt;.txt) and -Pairing OneToOne in the folder layout.</summary>
public sealed class FolderPairingTests : IDisposable
{
    private readonly ScratchFolder temp = new();
    private FakeGrsaiClient client = new();
    private RecordingObserver observer = new();

    public void Dispose() => temp.Dispose();

    private async Task<BatchSummary> RunAsync(string input, Action<BatchOptions>? change = null)
    {
        client = new FakeGrsaiClient();
        observer = new RecordingObserver();
        var options = new BatchOptions
        {
            InputPath = input,
            OutputPath = temp.Combine("out"),
        };
        change?.Invoke(options);
        var fake = client;
        return await FakeEngine.For(fake, observer).RunBatchAsync(options, CancellationToken.None);
    }

    private static void WritePromptFile(string input, string name, string text, Encoding encoding)
        => File.WriteAllBytes(Path.Combine(input, "text", name), [.. encoding.GetPreamble(), .. encoding.GetBytes(text)]);

    private static string[] SubmittedPairs(FakeGrsaiClient client)
        => client.Submitted.Select(r => $"{Path.GetFileNameWithoutExtension(new Uri(r.ImageUrls.Single()).AbsolutePath)}={r.Prompt}").Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public async Task A_photo_with_its_own_prompt_file_uses_it_instead_of_text_txt_with_the_same_comment_and_encoding_rules()
    {
        var input = InputFolder.Create(temp, 3, "shared one", "shared two");
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        WritePromptFile(input, "photo02.txt", "# only for photo 2\n\n换一个自然休闲优雅的pose\n", Encoding.GetEncoding(936));
        WritePromptFile(input, "PHOTO03.txt", "third's own\r\n", Encoding.Unicode);

        var summary = await RunAsync(input);

        Assert.Equal(4, summary.Succeeded);
        Assert.Equal(
            ["photo01=shared one", "photo01=shared two", "photo02=换一个自然休闲优雅的pose", "photo03=third's own"],
            SubmittedPairs(client));
        Assert.Equal(
            ["photo01_p1_1.png", "photo01_p2_1.png", "photo02_p1_1.png", "photo03_p1_1.png"],
            Directory.GetFiles(temp.Combine("out"), "*.png").Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Text_txt_may_be_missing_when_every_photo_has_its_own_file_but_not_otherwise()
    {
        var input = InputFolder.Create(temp, 2);
        Directory.CreateDirectory(Path.Combine(input, "text"));
        WritePromptFile(input, "photo01.txt", "one", Encoding.UTF8);
        var missing = await Assert.ThrowsAsync<BananaException>(() => RunAsync(input));
        Assert.Equal("PromptFileNotFound", missing.ErrorId);
        Assert.Contains("text.txt", missing.Message, StringComparison.Ordinal);
        Assert.Empty(client.Submitted);

        WritePromptFile(input, "photo02.txt", "two", Encoding.UTF8);
        Assert.Equal(2, (await RunAsync(input)).Succeeded);
        Assert.Equal(["photo01=one", "photo02=two"], SubmittedPairs(client));
    }

    [Fact]
    public async Task A_prompt_file_matching_no_photo_is_refused_before_anything_is_sent()
    {
        var input = InputFolder.Create(temp, 1, "shared");
        WritePromptFile(input, "photo1.txt", "meant for photo01, misspelt", Encoding.UTF8);

        var e = await Assert.ThrowsAsync<BananaException>(() => RunAsync(input));

        Assert.Equal("PromptFileWithoutPhoto", e.ErrorId);
        Assert.Contains("photo1.txt", e.Message, StringComparison.Ordinal);
        Assert.Empty(client.Uploaded);
        Assert.Empty(client.Submitted);
    }

    [Fact]
    public async Task An_empty_own_prompt_file_is_an_error_naming_it()
    {
        var input = InputFolder.Create(temp, 1, "shared");
        WritePromptFile(input, "photo01.txt", "# nothing yet\n", Encoding.UTF8);

        var e = await Assert.ThrowsAsync<BananaException>(() => RunAsync(input));

        Assert.Equal("NoPrompts", e.ErrorId);
        Assert.Contains("photo01.txt", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prompts_on_the_command_line_replace_every_prompt_file()
    {
        var input = InputFolder.Create(temp, 1, "shared");
        WritePromptFile(input, "photo01.txt", "own", Encoding.UTF8);

        await RunAsync(input, o => o.Prompts = ["given"]);

        Assert.Equal(["photo01=given"], SubmittedPairs(client));
    }

    [Fact]
    public async Task One_to_one_pairs_the_nth_photo_in_explorer_order_with_the_nth_prompt()
    {
        var input = InputFolder.Create(temp, 0, "for 1", "for 2", "for 10");
        foreach (var (name, shade) in new[] { ("shot10.png", 1), ("shot2.png", 2), ("Shot1.png", 3) })
        {
            TestImages.Write(Path.Combine(input, "image", name), TestImages.Png(2, 2, (byte)(shade * 50), 0, 0));
        }

        var summary = await RunAsync(input, o => o.Pairing = BatchPairing.OneToOne);

        Assert.Equal(3, summary.Succeeded);
        Assert.Equal(["Shot1=for 1", "shot10=for 10", "shot2=for 2"], SubmittedPairs(client));
        Assert.Equal(
            ["Shot1_p1_1.png", "shot10_p3_1.png", "shot2_p2_1.png"],
            Directory.GetFiles(temp.Combine("out"), "*.png").Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(2, new[] { "a", "b", "c" })]
    [InlineData(3, new[] { "a", "b" })]
    public async Task One_to_one_with_unequal_counts_is_refused_before_anything_is_sent(int photos, string[] prompts)
    {
        var input = InputFolder.Create(temp, photos, prompts);

        var e = await Assert.ThrowsAsync<BananaException>(() => RunAsync(input, o => o.Pairing = BatchPairing.OneToOne));

        Assert.Equal("PairingCountMismatch", e.ErrorId);
        Assert.Contains($"{photos} photo(s)", e.Message, StringComparison.Ordinal);
        Assert.Contains($"{prompts.Length} prompt(s)", e.Message, StringComparison.Ordinal);
        Assert.Empty(client.Uploaded);
        Assert.Empty(client.Submitted);
    }

    [Fact]
    public async Task One_to_one_refuses_when_a_bad_photo_would_shift_the_pairs()
    {
        var input = InputFolder.Create(temp, 2, "a", "b", "c");
        File.WriteAllText(Path.Combine(input, "image", "photo015.jpg"), "not an image");

        var e = await Assert.ThrowsAsync<BananaException>(() => RunAsync(input, o => o.Pairing = BatchPairing.OneToOne));

        Assert.Equal("PairingCountMismatch", e.ErrorId);
        Assert.Contains("shift", e.Message, StringComparison.Ordinal);
        Assert.Equal("NotAnImage", Assert.Single(observer.Problems).ErrorId);
        Assert.Empty(client.Submitted);
    }

    [Fact]
    public async Task One_to_one_and_per_photo_prompt_files_together_are_refused_as_ambiguous()
    {
        var input = InputFolder.Create(temp, 2, "a", "b");
        WritePromptFile(input, "photo01.txt", "own", Encoding.UTF8);

        var e = await Assert.ThrowsAsync<BananaException>(() => RunAsync(input, o => o.Pairing = BatchPairing.OneToOne));

        Assert.Equal("PairingConflict", e.ErrorId);
        Assert.Empty(client.Submitted);
    }

    [Fact]
    public void Explorer_order_compares_digit_runs_as_numbers_and_ignores_case()
    {
        string[] names = ["img10.jpg", "IMG2.jpg", "img1.jpg", "img01b.jpg", "a.jpg", "img002.jpg"];
        Assert.Equal(
            ["a.jpg", "img1.jpg", "img01b.jpg", "IMG2.jpg", "img002.jpg", "img10.jpg"],
            names.Order(NaturalNameOrder.Instance));
    }
}
