namespace Banana.Emulator.Http;

/// <summary>The JSON type a request field must have.</summary>
internal enum FieldType
{
    String,
    StringArray,
    Boolean,
}

/// <summary>
/// The exact fields one endpoint reads, with their types, and which must be present. Names are matched
/// exactly (the documented camelCase): the emulator refuses what a careless client might get away with, so a
/// protocol mistake shows up in a test instead of on the real service.
/// </summary>
internal sealed record RequestSchema(IReadOnlyDictionary<string, FieldType> Fields, IReadOnlyList<string> Required)
{
    public static RequestSchema Of(IReadOnlyList<string> required, params (string Name, FieldType Type)[] fields)
        => new(fields.ToDictionary(f => f.Name, f => f.Type, StringComparer.Ordinal), required);

    /// <summary>docs/protocol.md#draw-request: the draw body; <c>webHook</c>, <c>shutProgress</c> and <c>cdn</c> are documented and legal.</summary>
    public static RequestSchema Draw { get; } = Of(["model", "prompt"],
        ("model", FieldType.String), ("prompt", FieldType.String), ("urls", FieldType.StringArray),
        ("aspectRatio", FieldType.String), ("imageSize", FieldType.String), ("webHook", FieldType.String),
        ("shutProgress", FieldType.Boolean), ("cdn", FieldType.String));

    /// <summary>docs/protocol.md#generate-request: the generate body (<c>images</c>, not <c>urls</c>).</summary>
    public static RequestSchema Generate { get; } = Of(["model", "prompt"],
        ("model", FieldType.String), ("prompt", FieldType.String), ("images", FieldType.StringArray),
        ("aspectRatio", FieldType.String), ("imageSize", FieldType.String), ("replyType", FieldType.String));

    public static RequestSchema Poll { get; } = Of(["id"], ("id", FieldType.String));

    public static RequestSchema UploadToken { get; } = Of(["sux"], ("sux", FieldType.String));

    public static RequestSchema Credits { get; } = Of([], ("apiKey", FieldType.String));
}
