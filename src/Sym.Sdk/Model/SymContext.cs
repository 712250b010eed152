using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Sym.Sdk;

/// <summary>
/// The context recorded for a step of a run (Sym's <c>run.contexts[step]</c>), for example what the requester attached to
/// the request (<see cref="Runtime.AccessRequest.Context"/>): a JSON object read by property.
/// <c>evt.GetContext("request")?.GetString("diff")</c> reads like the Python.
/// </summary>
public sealed class SymContext
{
    /// <summary>Wraps a recorded context.</summary>
    /// <param name="element">A JSON object.</param>
    /// <exception cref="ArgumentException"><paramref name="element"/> is not a JSON object.</exception>
    public SymContext(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException("A context is a JSON object.", nameof(element));
        }

        Element = element;
    }

    /// <summary>The context as JSON.</summary>
    public JsonElement Element { get; }

    /// <summary>Whether the context has a property of that name (case-sensitive).</summary>
    /// <param name="name">The property's name.</param>
    /// <returns>Whether it is there.</returns>
    public bool Contains(string name) => Element.TryGetProperty(name, out _);

    /// <summary>A property's value as JSON.</summary>
    /// <param name="name">The property's name (case-sensitive).</param>
    /// <returns>The value, or <see langword="null"/> when there is no such property.</returns>
    public JsonElement? this[string name] => Element.TryGetProperty(name, out JsonElement value) ? value : null;

    /// <summary>A text property.</summary>
    /// <param name="name">The property's name (case-sensitive).</param>
    /// <returns>The text, or <see langword="null"/> when the property is missing, null or not text.</returns>
    public string? GetString(string name) =>
        Element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>A whole-number property.</summary>
    /// <param name="name">The property's name (case-sensitive).</param>
    /// <returns>The number, or <see langword="null"/> when the property is missing or not a whole number.</returns>
    public long? GetInt64(string name) =>
        Element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out long n) ? n : null;

    /// <summary>A true/false property.</summary>
    /// <param name="name">The property's name (case-sensitive).</param>
    /// <returns>The value, or <see langword="null"/> when the property is missing or not a boolean.</returns>
    public bool? GetBoolean(string name) =>
        Element.TryGetProperty(name, out JsonElement value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : null;

    /// <summary>The whole context as your own type (trimming-safe: pass the type's source-generated metadata).</summary>
    /// <typeparam name="T">The type.</typeparam>
    /// <param name="jsonTypeInfo">The type's metadata, for example <c>MyJsonContext.Default.MyContext</c>.</param>
    /// <returns>The context as <typeparamref name="T"/>.</returns>
    /// <exception cref="JsonException">The context does not fit the type.</exception>
    public T? Deserialize<T>(JsonTypeInfo<T> jsonTypeInfo) => Element.Deserialize(jsonTypeInfo);

    /// <inheritdoc />
    public override string ToString() => Element.GetRawText();
}
