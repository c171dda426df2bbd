namespace Banana.Engine.Manifest
{
    /// <summary>
    /// One reference image of a job, as the manifest keeps it: where it was read, its content hash (a changed file is
    /// a new job) and the URL it was uploaded to, once known (so a rerun uploads nothing twice).
    /// </summary>
    internal sealed record ManifestReference(string Path, string Sha256, string? UploadUrl = null);
}
