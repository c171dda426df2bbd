using System;
using System.Collections.Generic;

namespace Banana.Client
{
    /// <summary>What the catalog knows of one model. A null list means "not checked" (a user entry that leaves it out).</summary>
    /// <param name="Name">The model name as the service spells it.</param>
    /// <param name="ImageSizes">The sizes it takes; empty when it takes no <c>imageSize</c> at all.</param>
    /// <param name="AspectRatios">The ratios it takes.</param>
    /// <param name="Credits">Credits per image as last seen in public tables; null when unknown.</param>
    /// <param name="TypicalDuration">How long a task usually takes (an estimate); times the first poll.</param>
    /// <param name="Note">Where sources disagree, or what is assumed.</param>
    /// <param name="Source">"built-in", or the path of the user file that added or changed the entry.</param>
    public sealed record ModelInfo(
        string Name,
        IReadOnlyList<string>? ImageSizes,
        IReadOnlyList<string>? AspectRatios,
        long? Credits,
        TimeSpan? TypicalDuration,
        string? Note,
        string Source);

    /// <summary>The catalog file (built-in or the user's) is not valid JSON of the expected shape.</summary>
    public sealed class ModelCatalogException : GrsaiException
    {
        public ModelCatalogException(string message, Exception? inner = null) : base(message, inner) { }
        public override string ErrorId => "ModelCatalogInvalid";
    }
}
