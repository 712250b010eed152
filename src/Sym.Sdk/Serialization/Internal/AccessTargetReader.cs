using System.Text.Json;

namespace Sym.Sdk.Serialization.Internal;

/// <summary>Reads the access target (<c>fields.target</c>) from its JSON value.</summary>
internal static class AccessTargetReader
{
    /// <summary>Reads the target; <paramref name="path"/> points at it and is left as it was.</summary>
    public static AccessTarget Read(JsonElement target, ref JsonPathStack path)
    {
        if (target.ValueKind != JsonValueKind.Object)
        {
            throw SymEventReader.Invalid(path.ToString(), $"expected an object but found {Describe(target.ValueKind)}");
        }

        string? name = null, type = null, label = null;
        Srn? srn = null;
        IReadOnlyDictionary<string, string> settings = EmptyDictionary<string>.Instance;
        foreach (JsonProperty property in target.EnumerateObject())
        {
            // NameEquals compares the UTF-8 name in place: no string per member name.
            if (property.NameEquals("name"u8))
            {
                name = ReadString(property, ref path, required: true);
            }
            else if (property.NameEquals("srn"u8))
            {
                _ = Srn.TryParse(ReadString(property, ref path, required: false), out srn);
            }
            else if (property.NameEquals("type"u8))
            {
                type = ReadString(property, ref path, required: false);
            }
            else if (property.NameEquals("label"u8))
            {
                label = ReadString(property, ref path, required: false);
            }
            else if (property.NameEquals("settings"u8))
            {
                settings = ReadSettings(property, ref path);
            }
        }

        if (name is null)
        {
            throw SymEventReader.Invalid(path.With("name"), "the member is missing");
        }

        return new AccessTarget { Name = name, Srn = srn, Type = type ?? "custom", Label = label, Settings = settings };
    }

    private static string? ReadString(JsonProperty property, ref JsonPathStack path, bool required)
    {
        JsonValueKind kind = property.Value.ValueKind;
        if (kind == JsonValueKind.String)
        {
            try
            {
                return property.Value.GetString()!;
            }
            catch (InvalidOperationException ex)
            {
                throw SymEventReader.Invalid(path.With(property.Name), "the string holds an invalid escape sequence", ex);
            }
        }

        if (kind == JsonValueKind.Null && !required)
        {
            return null;
        }

        throw SymEventReader.Invalid(path.With(property.Name), $"expected a string but found {Describe(kind)}");
    }

    /// <summary>
    /// Settings are strings in the model. Other scalars keep their JSON text (<c>true</c>, <c>42</c>), nested values
    /// their raw JSON, and nulls are left out; <c>fields.target</c> itself keeps the original JSON.
    /// </summary>
    private static IReadOnlyDictionary<string, string> ReadSettings(JsonProperty property, ref JsonPathStack path)
    {
        JsonElement value = property.Value;
        if (value.ValueKind == JsonValueKind.Null)
        {
            return EmptyDictionary<string>.Instance;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            throw SymEventReader.Invalid(path.With(property.Name), $"expected an object but found {Describe(value.ValueKind)}");
        }

        path.Push(property.Name);
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (JsonProperty setting in value.EnumerateObject())
        {
            switch (setting.Value.ValueKind)
            {
                case JsonValueKind.String:
                    settings[setting.Name] = GetString(setting.Value, ref path, setting.Name);
                    break;
                case JsonValueKind.Null:
                    break;
                default:
                    settings[setting.Name] = setting.Value.GetRawText();
                    break;
            }
        }

        path.Pop();
        return settings;
    }

    private static string GetString(JsonElement value, ref JsonPathStack path, string name)
    {
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException ex)
        {
            throw SymEventReader.Invalid(path.With(name), "the string holds an invalid escape sequence", ex);
        }
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
