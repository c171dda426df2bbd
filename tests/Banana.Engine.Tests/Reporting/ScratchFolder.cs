namespace Banana.Engine.Tests.Reporting;

/// <summary>A fresh temporary folder, deleted with everything in it when the test ends.</summary>
internal sealed class ScratchFolder : IDisposable
{
    public ScratchFolder(string? nameSuffix = null)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "banana-report-" + Guid.NewGuid().ToString("N")[..8] + (nameSuffix ?? string.Empty));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>Creates the parent folders of <paramref name="relativePath"/> and writes the bytes; returns the full path.</summary>
    public string WriteFile(string relativePath, byte[] bytes)
    {
        string fullPath = System.IO.Path.Combine(Path, relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(fullPath)!);
        File.WriteAllBytes(fullPath, bytes);
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
