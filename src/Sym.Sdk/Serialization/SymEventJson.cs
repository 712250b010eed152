using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Sym.Sdk.Serialization.Internal;

namespace Sym.Sdk.Serialization;

/// <summary>
/// Reads and writes Sym's event JSON: the document Sym's platform delivers to an access strategy (for example an AWS
/// Lambda) for each step of a run.
/// </summary>
/// <remarks>
/// <para><b>Tolerant.</b> Any <c>schema_version</c> is accepted; unknown members are kept; timestamps without a time
/// zone are read as UTC; identities may carry <c>user_id</c> or <c>email</c>; ids are opaque. SRNs are read with
/// <see cref="Srn.TryParse"/>: text that is not a valid SRN does not fail the event, it leaves the model's SRN
/// <see langword="null"/> (a run's or user's id then is the raw text) and is written back unchanged.</para>
/// <para><b>Lossless.</b> <see cref="Serialize(Event)"/> of a parsed event writes every JSON value it was parsed from,
/// unknown members included, as long as the model still holds the parsed values; values changed in the model (for
/// example with a <c>with</c> expression) are written from the model. Members may come out in a different order.</para>
/// <para><b>Strict where it matters.</b> The document must be an object with an <c>event</c> object holding a
/// non-empty <c>type</c> and a <c>timestamp</c>, and an <c>actor</c> object holding a <c>username</c>; every actor
/// in <c>run.actors</c> needs a <c>username</c>, every identity a <c>service</c>, and <c>fields.target</c> a
/// <c>name</c>. Known members that are present and not null must have their documented JSON type. Anything else
/// raises <see cref="SymException"/> with code <see cref="InvalidEventErrorCode"/> whose message names the JSON path,
/// for example <c>$.run.actors.request.identity.service</c>.</para>
/// <para>No reflection: reading is a single forward pass with <see cref="Utf8JsonReader"/> and writing uses
/// <see cref="Utf8JsonWriter"/>, so both are safe to trim and to compile ahead of time.</para>
/// </remarks>
public static class SymEventJson
{
    /// <summary>The <see cref="SymException.ErrorCode"/> of an event document that cannot be read.</summary>
    public const string InvalidEventErrorCode = SymErrorCodes.InvalidEvent;

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // The document is data for another program, never embedded in HTML: keep non-ASCII text and '+' readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Reads an event document.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The event.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is <see langword="null"/>.</exception>
    /// <exception cref="SymException">Code <see cref="InvalidEventErrorCode"/>: the text is not a valid event document.</exception>
    public static Event Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(json.Length));
        try
        {
            int length = Encoding.UTF8.GetBytes(json, buffer);
            return SymEventReader.Read(buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Reads an event document.</summary>
    /// <param name="utf8Json">The JSON as UTF-8 bytes.</param>
    /// <returns>The event.</returns>
    /// <exception cref="SymException">Code <see cref="InvalidEventErrorCode"/>: the bytes are not a valid event document.</exception>
    public static Event Parse(ReadOnlySpan<byte> utf8Json) => SymEventReader.Read(utf8Json);

    /// <summary>Writes an event document.</summary>
    /// <param name="evt">The event, parsed or built in code.</param>
    /// <returns>The JSON text.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="evt"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A field of <paramref name="evt"/> holds a default <see cref="JsonElement"/>.</exception>
    public static string Serialize(Event evt)
    {
        ArgumentNullException.ThrowIfNull(evt);
        var buffer = new ArrayBufferWriter<byte>(2048);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            SymEventWriter.Write(writer, evt);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Writes an event document as UTF-8 bytes.</summary>
    /// <param name="evt">The event, parsed or built in code.</param>
    /// <returns>The JSON as UTF-8 bytes.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="evt"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A field of <paramref name="evt"/> holds a default <see cref="JsonElement"/>.</exception>
    public static byte[] SerializeToUtf8Bytes(Event evt)
    {
        ArgumentNullException.ThrowIfNull(evt);
        var buffer = new ArrayBufferWriter<byte>(2048);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            SymEventWriter.Write(writer, evt);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes an event document to a writer (for example one over a request stream).</summary>
    /// <param name="writer">The writer; it is not flushed.</param>
    /// <param name="evt">The event, parsed or built in code.</param>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> or <paramref name="evt"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A field of <paramref name="evt"/> holds a default <see cref="JsonElement"/>.</exception>
    public static void Serialize(Utf8JsonWriter writer, Event evt)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(evt);
        SymEventWriter.Write(writer, evt);
    }
}
