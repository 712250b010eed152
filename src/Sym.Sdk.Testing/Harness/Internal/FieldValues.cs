using System.Globalization;
using System.Text.Json;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Testing.Harness.Internal;

/// <summary>Turns the plain values a story passes as request fields into the JSON values the engine validates.</summary>
internal static class FieldValues
{
    private static readonly JsonElement Null = JsonDocument.Parse("null").RootElement.Clone();

    public static Dictionary<string, JsonElement>? ToJson(IReadOnlyDictionary<string, object?>? fields)
    {
        if (fields is null || fields.Count == 0)
        {
            return null;
        }

        var values = new Dictionary<string, JsonElement>(fields.Count, StringComparer.Ordinal);
        foreach (KeyValuePair<string, object?> kv in fields)
        {
            values[kv.Key] = ToJson(kv.Key, kv.Value);
        }

        return values;
    }

    /// <summary>A request context given as values by name, as the JSON object the engine records.</summary>
    public static JsonElement? ToJsonObject(IReadOnlyDictionary<string, object?>? values)
    {
        if (values is null)
        {
            return null;
        }

        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (KeyValuePair<string, object?> kv in values)
            {
                writer.WritePropertyName(kv.Key);
                ToJson(kv.Key, kv.Value).WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        using JsonDocument document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    public static JsonElement ToJson(string name, object? value) => value switch
    {
        null => Null,
        JsonElement e => e,
        string s => SymFieldValue.String(s),
        bool b => SymFieldValue.Bool(b),
        int i => SymFieldValue.Int(i),
        long l => SymFieldValue.Int(l),
        TimeSpan t => SymFieldValue.Duration(t),
        IEnumerable<string> list => SymFieldValue.StringList(list),
        IEnumerable<int> list => SymFieldValue.IntList(list.Select(static i => (long)i)),
        IEnumerable<long> list => SymFieldValue.IntList(list),
        _ => throw new ArgumentException(
            string.Create(CultureInfo.InvariantCulture, $"Field '{name}' has a value of type {value.GetType().Name}; use a string, bool, int, long, TimeSpan, a list of strings or integers, or a JsonElement."),
            nameof(value)),
    };
}
