using Xunit;

namespace Banana.Engine.Tests.Reliability;

/// <summary>The engine's rename retry: a manifest write must survive a moment's sharing violation on Windows.</summary>
public sealed class FileRetryTests
{
    [Fact]
    public async Task A_rename_that_fails_a_few_times_then_works_succeeds()
    {
        var calls = 0;

        await FileRetry.RunAsync(
            () =>
            {
                if (++calls <= FileRetry.Attempts - 1)
                {
                    throw new IOException("The process cannot access the file because it is being used by another process.");
                }
            },
            CancellationToken.None);

        Assert.Equal(FileRetry.Attempts, calls);
    }

    [Fact]
    public async Task A_rename_that_keeps_failing_gives_up_with_the_last_error()
    {
        var calls = 0;

        var error = await Assert.ThrowsAsync<IOException>(() => FileRetry.RunAsync(
            () => throw new IOException($"attempt {++calls}"),
            CancellationToken.None));

        Assert.Equal(FileRetry.Attempts, calls);
        Assert.Equal($"attempt {FileRetry.Attempts}", error.Message);
    }

    [Fact]
    public async Task A_missing_file_is_not_waited_for()
    {
        var calls = 0;

        await Assert.ThrowsAsync<FileNotFoundException>(() => FileRetry.RunAsync(
            () =>
            {
                calls++;
                throw new FileNotFoundException("gone");
            },
            CancellationToken.None));

        Assert.Equal(1, calls);
    }
}
