using System.Diagnostics;
using System.Runtime.Versioning;
using Banana.Client.Tests.Fakes;
using Xunit;

namespace Banana.Client.Tests.Client;

/// <summary>
/// A download that fails while its partial file cannot be deleted (Windows: a scanner holds it; here the folder
/// is made undeletable) must still say why the download failed.
/// </summary>
public sealed class UndeletablePartialTests : IDisposable
{
    private static readonly Uri ResultUrl = new("https://files.example.test/file/f44bcf50-task.png");
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("banana-undeletable-");
    private Action unlock = () => { };

    public void Dispose()
    {
        unlock();
        folder.Delete(recursive: true);
    }

    [Fact]
    public async Task The_download_error_survives_a_partial_file_that_cannot_be_deleted()
    {
        var options = TestSetup.Options();
        options.MaxDownloadBytes = 20;
        var body = new BeforeFirstRead(TestImages.GreyPng(), () => unlock = KeepFilesFromDeletion());
        var handler = new ScriptedHandler().On("/file/", (_, _) => Task.FromResult(Answer.Stream(body, "image/png")));
        var destination = Path.Combine(folder.FullName, "photo_1.png");

        var error = await Assert.ThrowsAsync<GrsaiInvalidImageException>(() =>
            TestSetup.Client(handler, options).DownloadAsync(ResultUrl, destination, overwrite: false, CancellationToken.None));

        Assert.Contains("20-byte download limit", error.Message, StringComparison.Ordinal);
        var partial = Assert.Single(folder.GetFiles("*.partial"));
        Assert.Throws<UnauthorizedAccessException>(partial.Delete); // so the downloader's own delete did fail
    }

    /// <summary>Makes the partial file (already open for writing) impossible to delete; returns how to undo it.</summary>
    private Action KeepFilesFromDeletion()
    {
        if (OperatingSystem.IsWindows())
        {
            var partial = folder.GetFiles("*.partial").Single();
            partial.Attributes |= FileAttributes.ReadOnly;
            return () => partial.Attributes &= ~FileAttributes.ReadOnly;
        }

        return KeepFolderEntries();
    }

    // A folder without write permission keeps its entries, except from root, whom only the immutable flag stops.
    [UnsupportedOSPlatform("windows")]
    private Action KeepFolderEntries()
    {
        if (Environment.UserName != "root")
        {
            var mode = File.GetUnixFileMode(folder.FullName);
            File.SetUnixFileMode(folder.FullName, UnixFileMode.UserRead | UnixFileMode.UserExecute);
            return () => File.SetUnixFileMode(folder.FullName, mode);
        }

        Chattr("+i");
        return () => Chattr("-i");
    }

    private void Chattr(string flag)
    {
        using var chattr = Process.Start(new ProcessStartInfo("chattr", [flag, folder.FullName]) { RedirectStandardError = true })!;
        var problem = chattr.StandardError.ReadToEnd();
        chattr.WaitForExit();
        Assert.True(chattr.ExitCode == 0, $"chattr {flag} failed (the test needs a file system with the immutable flag): {problem}");
    }

    /// <summary>A body that runs an action just before its first bytes are read (the partial file exists by then).</summary>
    private sealed class BeforeFirstRead(byte[] bytes, Action action) : Stream
    {
        private readonly MemoryStream inner = new(bytes);
        private Action? pending = action;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            Interlocked.Exchange(ref pending, null)?.Invoke();
            return inner.Read(buffer, offset, count);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            => Task.FromResult(Read(buffer, offset, count));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Interlocked.Exchange(ref pending, null)?.Invoke();
            return inner.ReadAsync(buffer, cancellationToken);
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
