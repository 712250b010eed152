using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sym.Sdk;

/// <summary>
/// Reads and writes an <see cref="Srn"/> as a JSON string. Applied to <see cref="Srn"/> by attribute, so it works with
/// reflection-based and source-generated (<see cref="JsonSerializerContext"/>) serialization alike.
/// </summary>
/// <remarks>Public because a source-generated context in your assembly instantiates the converter named by the attribute;
/// you need not use it yourself.</remarks>
public sealed class SrnJsonConverter : JsonConverter<Srn>
{
    /// <inheritdoc />
    /// <exception cref="JsonException">The value is not a string, or not a valid SRN (the inner exception is the <see cref="SrnFormatException"/>).</exception>
    public override Srn Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"An SRN must be a JSON string, not {reader.TokenType}.");
        }

        string text = reader.GetString()!;
        try
        {
            return Srn.Parse(text);
        }
        catch (SrnFormatException ex)
        {
            throw new JsonException(ex.Message, ex);
        }
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, Srn value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStringValue(value.ToString());
    }
}
