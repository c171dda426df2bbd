using Banana.Client.Download;
using Xunit;
using Banana.Shared;

namespace Banana.Client.Tests.Client;

/// <summary>The client's rename retry: a sharing violation that clears in a moment must not fail a download.</summary>
public sealed class FileRetryTests
{
    [Fact]
    public async Task A_rename_that_fails_a_few_times_then_works_succeeds()
    {
        var calls = 0;

        await FileRetry.RunAsync(
            () =>
            {
                if (++calls < 3)
                {
                    throw new IOException("The process cannot access the file because it is being used by another process.");
                }
            },
            CancellationToken.None);

        Assert.Equal(3, calls);
    }

    [Fact]
    public async Task A_rename_that_keeps_failing_gives_up_with_the_last_error()
    {
        var calls = 0;

        var error = await Assert.ThrowsAsync<UnauthorizedAccessException>(() => FileRetry.RunAsync(
            () => throw new UnauthorizedAccessException($"attempt {++calls}"),
            CancellationToken.None));

        Assert.Equal(FileRetry.Attempts, calls);
        Assert.Equal($"attempt {FileRetry.Attempts}", error.Message);
    }

    [Fact]
    public async Task Cancelling_stops_the_retries()
    {
        using var cancel = new CancellationTokenSource();
        var calls = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => FileRetry.RunAsync(
            () =>
            {
                calls++;
                cancel.Cancel();
                throw new IOException("in use");
            },
            cancel.Token));

        Assert.Equal(1, calls);
    }
}
