using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using Sym.Sdk.Forms;
using Sym.Sdk.Serialization.Internal;

namespace Sym.Sdk;

/// <summary>
/// The field values of a request (<c>reason</c>, <c>duration</c>, <c>target</c>, and the flow's own prompt fields),
/// as JSON values keyed by field name, with typed accessors.
/// </summary>
/// <remarks>
/// Values are kept as <see cref="JsonElement"/> so nothing the platform sends is lost. Typed accessors throw
/// <see cref="SymException"/> with code <c>SymSDK:INVALID_FIELD</c> naming the field when a value has the wrong type.
/// For a parsed event the fields keep the event's own bytes: names, typed scalars and serialization read them
/// directly, and the <see cref="JsonElement"/> values are built once, on first access, safely from any thread.
/// </remarks>
public sealed class EventFields : IReadOnlyDictionary<string, JsonElement>
{
    private readonly IReadOnlyDictionary<string, JsonElement> _values;
    private string? _reason;

    /// <summary>No fields.</summary>
    public static EventFields Empty { get; } = new(new Dictionary<string, JsonElement>(0, StringComparer.Ordinal), null);

    /// <summary>Creates the fields from JSON values.</summary>
    /// <param name="values">The values by field name. The dictionary is used as given; do not change it afterwards.</param>
    /// <param name="target">The requested target (wire field <c>target</c>), if any.</param>
    public EventFields(IReadOnlyDictionary<string, JsonElement> values, AccessTarget? target = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        _values = values;
        Target = target;
    }

    /// <summary>The requested access target, if the request has one.</summary>
    public AccessTarget? Target { get; }

    /// <summary>The requested target's id (wire field <c>target_id</c>), else the target's <see cref="AccessTarget.Id"/>.</summary>
    public string? TargetId
    {
        get
        {
            if (TryReadRaw("target_id", out Utf8JsonReader raw))
            {
                return raw.TokenType == JsonTokenType.String ? raw.GetString() : Target?.Id;
            }

            return TryGetValue("target_id", out JsonElement id) && id.ValueKind == JsonValueKind.String ? id.GetString() : Target?.Id;
        }
    }

    /// <summary>The request's reason (field <c>reason</c>), if any.</summary>
    public string? Reason => _reason ??= ReadReason();

    /// <summary>The requested duration (field <c>duration</c>, seconds on the wire), if any.</summary>
    public TimeSpan? Duration => GetDuration("duration");

    /// <summary>The values as the parser keeps them (raw bytes, a DOM only on demand), or as given.</summary>
    internal IReadOnlyDictionary<string, JsonElement> Store => _values;

    /// <inheritdoc />
    public JsonElement this[string key] => _values[key];

    /// <inheritdoc />
    public IEnumerable<string> Keys => _values.Keys;

    /// <inheritdoc />
    public IEnumerable<JsonElement> Values => _values.Values;

    /// <inheritdoc />
    public int Count => _values.Count;

    /// <inheritdoc />
    public bool ContainsKey(string key) => _values.ContainsKey(key);

    /// <inheritdoc />
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out JsonElement value) => _values.TryGetValue(key, out value);

    /// <summary>Reads a string field.</summary>
    /// <param name="name">The field name.</param>
    /// <returns>The value, or <see langword="null"/> when the field is absent or JSON null.</returns>
    /// <exception cref="SymException">The value is not a string.</exception>
    public string? GetString(string name)
    {
        if (TryReadRaw(name, out Utf8JsonReader raw))
        {
            switch (raw.TokenType)
            {
                case JsonTokenType.String:
                    return raw.GetString();
                case JsonTokenType.Null:
                    return null;
            }
        }

        return Read(name, JsonValueKind.String, static e => e.GetString());
    }

    /// <summary>Reads an integer field.</summary>
    /// <param name="name">The field name.</param>
    /// <returns>The value, or <see langword="null"/> when the field is absent or JSON null.</returns>
    /// <exception cref="SymException">The value is not an integer.</exception>
    public long? GetInt64(string name)
    {
        if (TryReadRaw(name, out Utf8JsonReader raw))
        {
            if (raw.TokenType == JsonTokenType.Number && raw.TryGetInt64(out long value))
            {
                return value;
            }

            if (raw.TokenType == JsonTokenType.Null)
            {
                return null;
            }
        }

        return Read(name, JsonValueKind.Number, static e => e.TryGetInt64(out long l) ? l : (long?)null, requireValue: true);
    }

    /// <summary>Reads a boolean field.</summary>
    /// <param name="name">The field name.</param>
    /// <returns>The value, or <see langword="null"/> when the field is absent or JSON null.</returns>
    /// <exception cref="SymException">The value is not a boolean.</exception>
    public bool? GetBoolean(string name)
    {
        if (TryReadRaw(name, out Utf8JsonReader raw))
        {
            switch (raw.TokenType)
            {
                case JsonTokenType.True:
                    return true;
                case JsonTokenType.False:
                    return false;
                case JsonTokenType.Null:
                    return null;
            }
        }

        if (!TryGetValue(name, out JsonElement e) || e.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return e.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw InvalidField(name, "a boolean", e),
        };
    }

    /// <summary>Reads a duration field: a number of seconds, or text such as <c>30m</c>.</summary>
    /// <param name="name">The field name.</param>
    /// <returns>The value, or <see langword="null"/> when the field is absent or JSON null.</returns>
    /// <exception cref="SymException">The value is not a duration.</exception>
    public TimeSpan? GetDuration(string name)
    {
        if (TryReadRaw(name, out Utf8JsonReader raw))
        {
            switch (raw.TokenType)
            {
                case JsonTokenType.Null:
                    return null;
                case JsonTokenType.Number when raw.TryGetInt64(out long seconds) && seconds >= 0:
                    return TimeSpan.FromSeconds(seconds);
                case JsonTokenType.String when SymDuration.TryParse(raw.GetString(), out TimeSpan d):
                    return d;
            }
        }

        return TryGetValue(name, out JsonElement e) ? ReadDuration(name, e) : null;
    }

    /// <summary>Reads a list-of-strings field.</summary>
    /// <param name="name">The field name.</param>
    /// <returns>The values, or an empty list when the field is absent or JSON null.</returns>
    /// <exception cref="SymException">The value is not an array of strings.</exception>
    public IReadOnlyList<string> GetStringList(string name)
    {
        if (!TryGetValue(name, out JsonElement e) || e.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (e.ValueKind != JsonValueKind.Array)
        {
            throw InvalidField(name, "a list of strings", e);
        }

        var list = new List<string>(e.GetArrayLength());
        foreach (JsonElement item in e.EnumerateArray())
        {
            list.Add(item.ValueKind == JsonValueKind.String ? item.GetString()! : throw InvalidField(name, "a list of strings", e));
        }

        return list;
    }

    /// <summary>Reads a list-of-integers field (<c>int_list</c>).</summary>
    /// <param name="name">The field name.</param>
    /// <returns>The values, or an empty list when the field is absent or JSON null.</returns>
    /// <exception cref="SymException">Code <c>SymSDK:INVALID_FIELD</c>: the value is not an array of integers.</exception>
    public IReadOnlyList<long> GetInt64List(string name)
    {
        if (!TryGetValue(name, out JsonElement e) || e.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (e.ValueKind != JsonValueKind.Array)
        {
            throw InvalidField(name, "a list of integers", e);
        }

        var list = new List<long>(e.GetArrayLength());
        foreach (JsonElement item in e.EnumerateArray())
        {
            list.Add(item.ValueKind == JsonValueKind.Number && item.TryGetInt64(out long n) ? n : throw InvalidField(name, "a list of integers", e));
        }

        return list;
    }

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, JsonElement>> GetEnumerator() => _values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private string? ReadReason()
    {
        if (TryReadRaw("reason", out Utf8JsonReader raw))
        {
            return raw.TokenType == JsonTokenType.String ? raw.GetString() : null;
        }

        return TryGetValue("reason", out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
    }

    /// <summary>
    /// Positions a reader on a parsed event's field value, so scalars are read straight from the event's bytes
    /// without building the fields' DOM. False for fields built in code and for absent names.
    /// </summary>
    private bool TryReadRaw(string name, out Utf8JsonReader reader)
    {
        if (_values is RawFieldValues raw && raw.TryGetRaw(name, out ReadOnlySpan<byte> utf8))
        {
            reader = new Utf8JsonReader(utf8);
            return reader.Read();
        }

        reader = default;
        return false;
    }

    private T? Read<T>(string name, JsonValueKind kind, Func<JsonElement, T?> read, bool requireValue = false)
    {
        if (!TryGetValue(name, out JsonElement e) || e.ValueKind == JsonValueKind.Null)
        {
            return default;
        }

        if (e.ValueKind != kind)
        {
            throw InvalidField(name, kind == JsonValueKind.String ? "a string" : "a number", e);
        }

        T? value = read(e);
        return requireValue && value is null ? throw InvalidField(name, "an integer", e) : value;
    }

    private static TimeSpan? ReadDuration(string name, JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.Number when e.TryGetInt64(out long seconds) && seconds >= 0 => TimeSpan.FromSeconds(seconds),
        JsonValueKind.String when SymDuration.TryParse(e.GetString(), out TimeSpan d) => d,
        _ => throw InvalidField(name, "a duration (seconds, or text such as '30m')", e),
    };

    private static SymException InvalidField(string name, string expected, JsonElement actual) =>
        new(SymErrorCodes.InvalidField,
            string.Create(CultureInfo.InvariantCulture, $"Field '{name}' should be {expected} but is {actual.ValueKind}: {Truncate(actual.GetRawText())}."));

    private static string Truncate(string s) => s.Length <= 80 ? s : s[..80] + "…";
}
