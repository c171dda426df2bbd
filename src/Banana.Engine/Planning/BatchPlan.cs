using System.Collections.Generic;
using Banana.Engine.Manifest;

namespace Banana.Engine.Planning
{
    /// <summary>
    /// The jobs of one run: every manifest row (earlier runs' rows are kept, so their files stay owned) and, in a
    /// stable order, the jobs of the current inputs with what to do with each.
    /// </summary>
    internal sealed class BatchPlan
    {
        public BatchPlan(
            IReadOnlyList<ManifestJob> rows,
            IReadOnlyList<PlannedJob> jobs,
            IReadOnlyList<SourceImage> images,
            IReadOnlyList<string?> knownUploadUrls)
        {
            Rows = rows;
            Jobs = jobs;
            Images = images;
            KnownUploadUrls = knownUploadUrls;
        }

        public IReadOnlyList<ManifestJob> Rows { get; }

        /// <summary>The same jobs, images and uploads without the rows, once the batch's manifest holds them.</summary>
        public BatchPlan WithoutRows() => new BatchPlan(System.Array.Empty<ManifestJob>(), Jobs, Images, KnownUploadUrls);

        public IReadOnlyList<PlannedJob> Jobs { get; }

        public IReadOnlyList<SourceImage> Images { get; }

        /// <summary>Per image, the URL an earlier run uploaded it to (same service, same bytes), or null.</summary>
        public IReadOnlyList<string?> KnownUploadUrls { get; }
    }
}
