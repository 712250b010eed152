using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;

namespace Sym.Sdk.Runtime;

/// <summary>Builds the JSON values of request fields (<see cref="AccessRequest.Fields"/>) without a serializer.</summary>
public static class SymFieldValue
{
    private const int MaxCachedDurations = 256;
    private static readonly ConcurrentDictionary<long, JsonElement> Durations = new();

    /// <summary>A string value.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The JSON value.</returns>
    public static JsonElement String(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Write(value, static (w, v) => w.WriteStringValue(v));
    }

    /// <summary>An integer value.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The JSON value.</returns>
    public static JsonElement Int(long value) => Write(value, static (w, v) => w.WriteNumberValue(v));

    /// <summary>A boolean value.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The JSON value.</returns>
    public static JsonElement Bool(bool value) => Write(value, static (w, v) => w.WriteBooleanValue(v));

    /// <summary>A duration value: whole seconds, as on the wire.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The JSON value.</returns>
    public static JsonElement Duration(TimeSpan value)
    {
        // A flow allows a few durations, so requests share their values instead of each parsing its own document.
        long seconds = (long)value.TotalSeconds;
        if (Durations.TryGetValue(seconds, out JsonElement cached))
        {
            return cached;
        }

        JsonElement element = Int(seconds);
        if (Durations.Count < MaxCachedDurations)
        {
            Durations.TryAdd(seconds, element);
        }

        return element;
    }

    /// <summary>A list of strings (also a list of Slack user ids).</summary>
    /// <param name="values">The values.</param>
    /// <returns>The JSON value.</returns>
    public static JsonElement StringList(IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return Write(values, static (w, vs) =>
        {
            w.WriteStartArray();
            foreach (string v in vs)
            {
                w.WriteStringValue(v);
            }

            w.WriteEndArray();
        });
    }

    /// <summary>A list of integers.</summary>
    /// <param name="values">The values.</param>
    /// <returns>The JSON value.</returns>
    public static JsonElement IntList(IEnumerable<long> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return Write(values, static (w, vs) =>
        {
            w.WriteStartArray();
            foreach (long v in vs)
            {
                w.WriteNumberValue(v);
            }

            w.WriteEndArray();
        });
    }

    internal static JsonElement Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.Clone();
    }

    internal static string SecondsText(TimeSpan value) => ((long)value.TotalSeconds).ToString(CultureInfo.InvariantCulture);

    private static JsonElement Write<T>(T state, Action<Utf8JsonWriter, T> write)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer, state);
        }

        var reader = new Utf8JsonReader(buffer.WrittenSpan);
        return JsonElement.ParseValue(ref reader);
    }
}
