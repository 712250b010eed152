using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sym.Sdk.Forms;

namespace Sym.Sdk.Integrations.Slack.Internal;

/// <summary>
/// The request modal's <c>private_metadata</c>: the flow's name and, for each prefetched select, a fingerprint of the
/// options it showed, so the submission can be checked against what the person was offered when the form opened
/// (prefetched options are computed per person and moment; the flow's definition does not know them).
/// </summary>
/// <remarks>
/// <para>With no prefetched options the metadata is the bare flow name, as modals opened before this format carry.
/// Otherwise it is <c>{"flow":"name","shown":{"field":"…"}}</c>, each field's value the concatenated 12-character
/// fingerprints (base64url of the first 9 bytes of the SHA-256 of the option's value) of its options, in order.
/// Slack keeps <c>private_metadata</c> on its side and people cannot change it, so it needs no signature.</para>
/// <para>Slack allows 3,000 characters. A field whose fingerprints do not fit is left out and its submitted value is
/// checked only by the engine's own validation, as before; about 240 options in all fit.</para>
/// </remarks>
internal static class SlackModalMetadata
{
    /// <summary>Slack's limit on <c>private_metadata</c>.</summary>
    public const int MaxLength = 3000;

    private const int FingerprintBytes = 9;
    private const int FingerprintLength = 12;

    public static string Format(string flow, IReadOnlyList<PromptField> fields)
    {
        ArgumentException.ThrowIfNullOrEmpty(flow);
        ArgumentNullException.ThrowIfNull(fields);
        var shown = new JsonObject();
        var root = new JsonObject { ["flow"] = flow, ["shown"] = shown };
        foreach (PromptField field in fields)
        {
            if (!field.Prefetch || !field.Visible || field.AllowedValues.Count == 0)
            {
                continue;
            }

            shown[field.Name] = Fingerprints(field.AllowedValues);
            if (root.ToJsonString().Length > MaxLength)
            {
                shown.Remove(field.Name);
            }
        }

        return shown.Count == 0 ? flow : root.ToJsonString();
    }

    /// <summary>Reads the metadata: the flow's name, and the fingerprints of the options shown, by field name.</summary>
    public static bool TryParse(string? metadata, out string flow, out IReadOnlyDictionary<string, string> shown)
    {
        flow = string.Empty;
        shown = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(metadata))
        {
            return false;
        }

        if (metadata[0] != '{')
        {
            flow = metadata;
            return true;
        }

        try
        {
            if (JsonNode.Parse(metadata) is not JsonObject root || root["flow"] is not JsonValue name || !name.TryGetValue(out string? flowName)
                || string.IsNullOrEmpty(flowName))
            {
                return false;
            }

            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            if (root["shown"] is JsonObject fingerprints)
            {
                foreach ((string field, JsonNode? value) in fingerprints)
                {
                    if (value is JsonValue v && v.TryGetValue(out string? text) && text.Length % FingerprintLength == 0)
                    {
                        fields[field] = text;
                    }
                }
            }

            flow = flowName;
            shown = fields;
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Whether <paramref name="value"/> was among the options whose fingerprints are <paramref name="fingerprints"/>.</summary>
    public static bool WasShown(string fingerprints, string value)
    {
        Span<char> mine = stackalloc char[FingerprintLength];
        Fingerprint(value, mine);
        ReadOnlySpan<char> all = fingerprints;
        for (int i = 0; i + FingerprintLength <= all.Length; i += FingerprintLength)
        {
            if (all.Slice(i, FingerprintLength).SequenceEqual(mine))
            {
                return true;
            }
        }

        return false;
    }

    private static string Fingerprints(IReadOnlyList<FieldOption> options)
    {
        return string.Create(options.Count * FingerprintLength, options, static (chars, list) =>
        {
            for (int i = 0; i < list.Count; i++)
            {
                Fingerprint(list[i].Value, chars.Slice(i * FingerprintLength, FingerprintLength));
            }
        });
    }

    private static void Fingerprint(string value, Span<char> destination)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        int max = Encoding.UTF8.GetMaxByteCount(value.Length);
        byte[]? rented = null;
        Span<byte> utf8 = max <= 512 ? stackalloc byte[512] : (rented = System.Buffers.ArrayPool<byte>.Shared.Rent(max));
        try
        {
            int written = Encoding.UTF8.GetBytes(value, utf8);
            SHA256.HashData(utf8[..written], hash);
        }
        finally
        {
            if (rented is not null)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(rented);
            }
        }

        Base64Url.EncodeToChars(hash[..FingerprintBytes], destination);
    }
}
