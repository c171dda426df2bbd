namespace Banana.Engine.Manifest
{
    /// <summary>
    /// What was sent for a job's reference image: the photo itself, or the smaller upright copy made of it
    /// (<see cref="Prepared"/>). Width and height are as a viewer shows the image. Recorded with the upload URL, so a
    /// person reading the manifest knows what the service saw.
    /// </summary>
    internal sealed record ManifestUpload(int Width, int Height, long Bytes, string Format, bool Prepared);
}
