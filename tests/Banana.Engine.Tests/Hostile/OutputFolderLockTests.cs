using System.Diagnostics;
using System.Text.Json;
using Banana.Engine.Manifest;
using Banana.Engine.Tests.Support;
using Xunit;

namespace Banana.Engine.Tests.Hostile;

/// <summary>One batch per output folder (issue 11, point 1): a second run is refused before it spends anything.</summary>
public sealed class OutputFolderLockTests : IDisposable
{
    private readonly ScratchFolder temp = new();

    public void Dispose() => temp.Dispose();

    private string Output => temp.Combine("out");

    private static BatchOptions Options(string input, string output) => new() { InputPath = input, OutputPath = output };

    [Fact]
    public async Task A_batch_on_a_folder_another_run_holds_is_refused_naming_that_run_and_spends_nothing()
    {
        var input = InputFolder.Create(temp, 2, "p");
        Directory.CreateDirectory(Output);
        var client = new FakeGrsaiClient();
        using (await BatchLock.AcquireAsync(Output, CancellationToken.None))
        {
            var error = await Assert.ThrowsAsync<BananaException>(
                () => FakeEngine.For(client, new RecordingObserver()).RunBatchAsync(Options(input, Output), CancellationToken.None));

            Assert.Equal("BatchAlreadyRunning", error.ErrorId);
            Assert.Equal(BananaErrorKind.Busy, error.Kind);
            Assert.Contains($"process {Environment.ProcessId} on {Environment.MachineName}", error.Message, StringComparison.Ordinal);
            Assert.Empty(client.Uploaded);
            Assert.Empty(client.Submitted);
            Assert.False(File.Exists(Path.Combine(Output, ManifestFile.FileName)));
        }

        // Released: the same command now runs, and pays each job once.
        var summary = await FakeEngine.For(client, new RecordingObserver()).RunBatchAsync(Options(input, Output), CancellationToken.None);
        Assert.Equal(2, summary.Succeeded);
        Assert.Equal(2, client.Submitted.Count);
        Assert.False(File.Exists(Path.Combine(Output, BatchLock.OwnerFileName)), "the note of a finished run is removed");
    }

    [Fact]
    public async Task Two_batches_started_together_on_one_folder_run_each_job_once()
    {
        var input = InputFolder.Create(temp, 3, "p", "q");
        var client = new FakeGrsaiClient();
        var gate = new TaskCompletionSource();
        client.OnGenerate = (_, _) => gate.Task.Wait(TimeSpan.FromSeconds(30));

        var first = Task.Run(() => FakeEngine.For(client, new RecordingObserver()).RunBatchAsync(Options(input, Output), CancellationToken.None));
        var second = Task.Run(() => FakeEngine.For(client, new RecordingObserver()).RunBatchAsync(Options(input, Output), CancellationToken.None));
        var loser = await Task.WhenAny(first, second);
        gate.SetResult();
        var error = await Assert.ThrowsAsync<BananaException>(() => loser);
        var winner = await (loser == first ? second : first);

        Assert.Equal("BatchAlreadyRunning", error.ErrorId);
        Assert.Equal(6, winner.Succeeded);
        Assert.Equal(6, client.Submitted.Count);
    }

    [Fact]
    public async Task A_lock_left_by_a_dead_process_is_taken_over()
    {
        var input = InputFolder.Create(temp, 1, "p");
        Directory.CreateDirectory(Output);
        var dead = new BatchLockOwner { ProcessId = DeadProcessId(), Host = Environment.MachineName, StartedAt = DateTimeOffset.Now.AddHours(-1) };
        File.WriteAllBytes(Path.Combine(Output, BatchLock.FileName), JsonSerializer.SerializeToUtf8Bytes(dead, new JsonSerializerOptions(JsonSerializerDefaults.Web)));
        var observer = new RecordingObserver();

        var summary = await FakeEngine.For(new FakeGrsaiClient(), observer).RunBatchAsync(Options(input, Output), CancellationToken.None);

        Assert.Equal(1, summary.Succeeded);
        Assert.Contains(observer.VerboseLines, line => line.Contains($"process {dead.ProcessId}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_lock_whose_live_writer_the_file_system_did_not_protect_is_never_stolen()
    {
        // Where file locks do not hold (locking disabled, some network shares) the file opens; its body still names a
        // live process on this host, which must keep the folder.
        var input = InputFolder.Create(temp, 1, "p");
        Directory.CreateDirectory(Output);
        using var other = StartSleeper();
        var live = new BatchLockOwner
        {
            ProcessId = other.Id,
            Host = Environment.MachineName,
            StartedAt = DateTimeOffset.Now,
            ProcessStartedAt = new DateTimeOffset(other.StartTime),
        };
        File.WriteAllBytes(Path.Combine(Output, BatchLock.FileName), JsonSerializer.SerializeToUtf8Bytes(live, new JsonSerializerOptions(JsonSerializerDefaults.Web)));
        var client = new FakeGrsaiClient();
        try
        {
            var error = await Assert.ThrowsAsync<BananaException>(
                () => FakeEngine.For(client, new RecordingObserver()).RunBatchAsync(Options(input, Output), CancellationToken.None));

            Assert.Equal("BatchAlreadyRunning", error.ErrorId);
            Assert.Contains($"process {other.Id}", error.Message, StringComparison.Ordinal);
            Assert.Empty(client.Submitted);
        }
        finally
        {
            other.Kill();
            other.WaitForExit();
        }
    }

    private static Process StartSleeper()
    {
        var info = OperatingSystem.IsWindows()
            ? new ProcessStartInfo("ping", "-n 60 127.0.0.1")
            : new ProcessStartInfo("sleep", "60");
        info.RedirectStandardOutput = true;
        return Process.Start(info)!;
    }

    /// <summary>A process id nobody uses now.</summary>
    private static int DeadProcessId()
    {
        var used = Process.GetProcesses().Select(p => p.Id).ToHashSet();
        var id = 4_000_000;
        while (used.Contains(id))
        {
            id++;
        }

        return id;
    }
}
