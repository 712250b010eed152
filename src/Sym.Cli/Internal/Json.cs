using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Sym.Cli.Internal;

/// <summary>Reading the API's answers, which the tool takes as JSON documents rather than a copy of the host's models.</summary>
internal static class Json
{
    // Relaxed escaping: the output is for a terminal or a file, never embedded in HTML, and "<" reads better than "\u003C".
    public static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string? Text(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement value) && value.ValueKind != JsonValueKind.Null
            ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()
            : null;

    public static JsonElement? Child(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement value) && value.ValueKind != JsonValueKind.Null
            ? value
            : null;

    public static IEnumerable<JsonElement> Items(this JsonElement element, string name) =>
        element.Child(name) is { ValueKind: JsonValueKind.Array } array ? array.EnumerateArray() : [];

    /// <summary>A timestamp as the person reads it: UTC, to the second.</summary>
    public static string Time(this JsonElement element, string name) =>
        element.Child(name) is { ValueKind: JsonValueKind.String } value && value.TryGetDateTimeOffset(out DateTimeOffset time)
            ? time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : string.Empty;

    public static string Pretty(JsonElement element) => JsonSerializer.Serialize(element, Indented);
}
