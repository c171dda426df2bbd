namespace Banana.Engine.Planning
{
    /// <summary>
    /// A usable input image. <see cref="NameStem"/> starts its output names and is unique within the batch even when
    /// two files share a stem (<c>a.jpg</c>, <c>a.png</c>).
    /// </summary>
    internal sealed record SourceImage(string FullPath, string NameStem, string Sha256, long Bytes);
}
