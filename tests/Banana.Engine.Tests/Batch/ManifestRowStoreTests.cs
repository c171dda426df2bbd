using System.Text.Json;
using Banana.Client;
using Banana.Engine.Manifest;
using Banana.Engine.Tests.Support;
using Xunit;

namespace Banana.Engine.Tests.Batch;

/// <summary>
/// A running batch keeps its rows encoded (<see cref="ManifestRowStore"/>), not as objects: whatever a row records must
/// come back exactly as it was stored, or the manifest written from it would lose a task id, an upload or a result.
/// </summary>
public sealed class ManifestRowStoreTests
{
    private static string AsJson(ManifestJob row) => JsonSerializer.Serialize(row, ManifestFile.JournalOptions);

    private static ManifestRowStore Encoded(params ManifestJob[] rows) => new(rows);

    [Fact]
    public void Every_field_comes_back_as_it_was_stored()
    {
        var row = ManifestSamples.EveryFieldSet();
        var store = Encoded(row);

        Assert.Equal(AsJson(row), AsJson(store[0]));
        Assert.Equal(AsJson(row), AsJson(store.Snapshot()[0]));
    }

    [Fact]
    public void A_row_with_nothing_set_comes_back_with_nothing_set()
    {
        var row = new ManifestJob();
        var store = Encoded(row);

        Assert.Equal(AsJson(row), AsJson(store[0]));
        Assert.Null(store[0].SourcePath);
        Assert.Null(store[0].TaskId);
        Assert.Empty(store[0].References);
        Assert.Empty(store[0].Outputs);
    }

    [Fact]
    public void Extreme_numbers_and_stamps_come_back_exactly()
    {
        var row = ManifestSamples.EveryFieldSet() with
        {
            Row = int.MinValue,
            PromptNumber = -1,
            N = int.MaxValue,
            KeyNumber = int.MaxValue,
            Attempts = int.MaxValue,
            ExpiredResubmissions = 0,
            Status = (ManifestJobStatus)99,
            Api = GrsaiApi.Draw,
            UpdatedAt = new DateTimeOffset(9999, 12, 31, 23, 59, 59, TimeSpan.FromHours(14)).AddTicks(9_999_999),
        };
        var store = Encoded(row, row with { UpdatedAt = DateTimeOffset.MinValue, Row = null, KeyNumber = null, Api = null });

        Assert.Equal(AsJson(row), AsJson(store[0]));
        Assert.Equal(row.UpdatedAt.Offset, store[0].UpdatedAt.Offset);
        Assert.Equal(DateTimeOffset.MinValue, store[1].UpdatedAt);
        Assert.Null(store[1].Row);
        Assert.Null(store[1].KeyNumber);
        Assert.Null(store[1].Api);
    }

    [Fact]
    public void Text_that_UTF8_cannot_hold_comes_back_unchanged()
    {
        // A service's JSON may escape half of a surrogate pair ("\ud800"): such a reply must not come back altered.
        var lone = "reply \ud800 half";
        var row = ManifestSamples.EveryFieldSet() with { Content = lone, Error = "\udc00", Prompt = "p\ud83d", ResultUrls = [lone, "https://cdn.example/r.png"] };
        var store = Encoded(row);

        var back = store[0];
        Assert.Equal(lone, back.Content, StringComparer.Ordinal);
        Assert.Equal("\udc00", back.Error, StringComparer.Ordinal);
        Assert.Equal("p\ud83d", back.Prompt, StringComparer.Ordinal);
        Assert.Equal(new[] { lone, "https://cdn.example/r.png" }, back.ResultUrls);
    }

    [Fact]
    public void Null_lists_and_items_stay_null_and_outputs_keep_their_own_names()
    {
        var row = ManifestSamples.EveryFieldSet() with
        {
            References = null!,
            ResultUrls = null!,
            Outputs = ["other.png", ManifestSamples.EveryFieldSet().OutputName, null!],
        };
        var store = Encoded(row);

        var back = store[0];
        Assert.Null(back.References);
        Assert.Null(back.ResultUrls);
        Assert.Equal<string?>(new string?[] { "other.png", row.OutputName, null }, back.Outputs);
    }

    [Fact]
    public void A_snapshot_keeps_the_rows_as_they_were_when_it_was_taken()
    {
        var row = ManifestSamples.EveryFieldSet();
        // The first row as a resume read it (kept as it is), the second encoded.
        var store = new ManifestRowStore([row, row with { Id = "second" }], read: [row]);

        var snapshot = store.Snapshot();
        store[0] = row with { TaskId = "task-after", Status = ManifestJobStatus.Succeeded };
        store.Add(row with { Id = "third" });

        Assert.Equal(2, snapshot.Count);
        Assert.Equal("task-42", snapshot[0].TaskId);
        Assert.Equal(new[] { row.Id, "second" }, snapshot.Select(r => r.Id));
        Assert.Equal("task-after", store[0].TaskId);
        Assert.Equal(3, store.Count);
    }

    [Fact]
    public void Rows_that_share_a_photo_keep_their_own_values()
    {
        // Values the rows repeat are kept once; a row changed later must not change the others.
        var first = ManifestSamples.EveryFieldSet();
        var second = first with { Id = "second", Prompt = "another prompt", UploadUrl = "https://cdn.example/b.png" };
        var store = Encoded(first, second);

        store[1] = second with { References = [new ManifestReference("/photos/模特.png", "aa11", "https://cdn.example/c.png")] };

        Assert.Equal(AsJson(first), AsJson(store[0]));
        Assert.Equal("another prompt", store[1].Prompt);
        Assert.Equal("https://cdn.example/c.png", Assert.Single(store[1].References).UploadUrl);
    }

    [Fact]
    public async Task A_snapshot_reads_on_another_thread_after_many_new_values_were_added()
    {
        // The report and the full rewrite read a snapshot while workers add rows with values never seen before.
        var row = ManifestSamples.EveryFieldSet();
        var store = Encoded(row);
        var snapshot = store.Snapshot();
        for (var i = 0; i < 1000; i++)
        {
            store.Add(row with { Id = $"job{i}", SourcePath = $"/photos/p{i}.png", Prompt = $"prompt {i}", References = [new ManifestReference($"/photos/p{i}.png", $"h{i}")] });
        }

        var later = store.Snapshot();
        var (first, last) = await Task.Run(() => (AsJson(snapshot[0]), later[1000]));

        Assert.Equal(AsJson(row), first);
        Assert.Equal("/photos/p999.png", last.SourcePath);
        Assert.Equal("prompt 999", last.Prompt);
        Assert.Equal("h999", Assert.Single(last.References).Sha256);
    }
}
