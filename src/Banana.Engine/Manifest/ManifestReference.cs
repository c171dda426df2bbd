namespace Banana.Engine.Manifest
{
    /// <summary>
    /// One reference image of a job, as the manifest keeps it: where it was read, its content hash (a changed file is
    /// a new job), the URL it was uploaded to, once known (so a rerun uploads nothing twice), and what was sent to get
    /// that URL (<see cref="ManifestUpload"/>: the photo, or its smaller upright copy).
    /// </summary>
    internal sealed record ManifestReference(string Path, string Sha256, string? UploadUrl = null, ManifestUpload? Upload = null);
}
