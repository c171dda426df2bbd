namespace Banana.Engine.Manifest
{
    /// <summary>Where a job stands, as the manifest records it. Written in lower case.</summary>
    internal enum ManifestJobStatus
    {
        /// <summary>Planned; nothing done yet.</summary>
        Pending,
        /// <summary>Its image is uploaded; not yet submitted.</summary>
        Uploaded,
        /// <summary>A task id is known: a rerun polls it instead of paying again.</summary>
        Submitted,
        /// <summary>The task succeeded; results are being saved under the recorded output names.</summary>
        Downloading,
        Succeeded,
        Failed,
    }
}
