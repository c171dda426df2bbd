namespace Banana.TestSupport;

/// <summary>A fresh folder under the system temp folder, deleted with everything in it on dispose.</summary>
public sealed class ScratchFolder : IDisposable
{
    /// <param name="nameSuffix">Appended to the folder's name, for tests that need spaces or brackets in the path.</param>
    public ScratchFolder(string? nameSuffix = null)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "banana-tests", Guid.NewGuid().ToString("N")[..12] + nameSuffix);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>Creates the parent folders of <paramref name="relativePath"/> and writes the bytes; returns the full path.</summary>
    public string WriteFile(string relativePath, byte[] bytes)
    {
        string fullPath = Combine(relativePath);
        TestImages.Write(fullPath, bytes);
        return fullPath;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A browser still closing may hold a file for a moment; the OS cleans temp eventually.
        }
    }
}
