using System.Text.Json;
using Banana.Emulator.State;

namespace Banana.Emulator.Http;

/// <summary>A request body read against its <see cref="RequestSchema"/>; <see cref="Refusal"/> says what was wrong.</summary>
internal sealed class StrictRequest
{
    private static readonly JsonDocumentOptions Strict = new() { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow };

    private readonly JsonElement body;

    private StrictRequest(JsonElement body, string? refusal, bool malformed)
    {
        this.body = body;
        Refusal = refusal;
        Malformed = malformed;
    }

    /// <summary>Why the service refuses the body, or null when it matches the schema.</summary>
    public string? Refusal { get; }

    /// <summary>The body is not JSON at all (the service's <c>-4 unexpected end of JSON input</c>).</summary>
    public bool Malformed { get; }

    /// <summary>
    /// Reads and checks the body. A refusal is recorded in the stats here, so every endpoint counts them the
    /// same way; the caller only answers it in its API's shape.
    /// </summary>
    public static async Task<StrictRequest> ReadAsync(HttpContext context, RequestSchema schema, EmulatorState state, EmulatorEndpoint endpoint)
    {
        StrictRequest request;
        try
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body, Strict, context.RequestAborted).ConfigureAwait(false);
            var body = document.RootElement.Clone();
            request = new StrictRequest(body, Check(body, schema), malformed: false);
        }
        catch (JsonException)
        {
            request = new StrictRequest(default, "unexpected end of JSON input", malformed: true);
        }

        if (request.Refusal is not null)
        {
            state.Stats.Refused(endpoint, request.Refusal);
        }

        return request;
    }

    /// <summary>Records a refusal found after the schema check (an unknown model, a ratio it lacks, ...).</summary>
    public static void Refuse(EmulatorState state, EmulatorEndpoint endpoint, string reason) => state.Stats.Refused(endpoint, reason);

    /// <summary>The string field, or null when absent or JSON null.</summary>
    public string? String(string name) => Field(name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    public IReadOnlyList<string> Strings(string name)
        => Field(name) is { ValueKind: JsonValueKind.Array } value ? value.EnumerateArray().Select(e => e.GetString()!).ToArray() : [];

    public bool Boolean(string name) => Field(name) is { ValueKind: JsonValueKind.True };

    private JsonElement? Field(string name)
        => body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out var value) ? value : null;

    private static string? Check(JsonElement body, RequestSchema schema)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return "the request body must be a JSON object";
        }

        foreach (var property in body.EnumerateObject())
        {
            if (!schema.Fields.TryGetValue(property.Name, out var type))
            {
                var meant = schema.Fields.Keys.FirstOrDefault(k => string.Equals(k, property.Name, StringComparison.OrdinalIgnoreCase));
                return meant is null
                    ? $"unknown field '{property.Name}'"
                    : $"field '{property.Name}' is spelled with the wrong case: the service reads '{meant}'";
            }

            // JSON null stands for an absent field; a required one is caught below.
            if (property.Value.ValueKind != JsonValueKind.Null && !HasType(property.Value, type))
            {
                return $"field '{property.Name}' must be {Describe(type)}";
            }
        }

        foreach (var name in schema.Required)
        {
            if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return $"{name} is required";
            }
        }

        return null;
    }

    private static bool HasType(JsonElement value, FieldType type) => type switch
    {
        FieldType.String => value.ValueKind == JsonValueKind.String,
        FieldType.Boolean => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        FieldType.StringArray => value.ValueKind == JsonValueKind.Array
            && value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String),
        _ => false,
    };

    private static string Describe(FieldType type) => type switch
    {
        FieldType.String => "a string",
        FieldType.Boolean => "true or false",
        _ => "an array of strings",
    };
}
