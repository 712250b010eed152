using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;

namespace Sym.Sdk.Integrations.Okta.Internal;

/// <summary>Builds compact JWS tokens by hand: base64url(header) . base64url(payload) . base64url(signature).</summary>
internal static class JsonWebToken
{
    /// <summary>Creates a signed token.</summary>
    /// <param name="key">The signing key; its algorithm (and key id, if any) go in the header.</param>
    /// <param name="type">The <c>typ</c> header, for example <c>JWT</c> or <c>dpop+jwt</c>.</param>
    /// <param name="embedPublicKey">Whether to put the public key in the header as <c>jwk</c> (DPoP).</param>
    /// <param name="writeClaims">Writes the claims into the open payload object.</param>
    /// <param name="state">State for <paramref name="writeClaims"/>.</param>
    public static string Create<TState>(OktaSigningKey key, string type, bool embedPublicKey, Action<Utf8JsonWriter, TState> writeClaims, TState state)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("alg", key.Algorithm);
            writer.WriteString("typ", type);
            if (key.KeyId is not null)
            {
                writer.WriteString("kid", key.KeyId);
            }

            if (embedPublicKey)
            {
                writer.WritePropertyName("jwk");
                key.WritePublicJwk(writer);
            }

            writer.WriteEndObject();
        }

        string header = Base64Url.EncodeToString(buffer.WrittenSpan);
        buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writeClaims(writer, state);
            writer.WriteEndObject();
        }

        string signingInput = header + "." + Base64Url.EncodeToString(buffer.WrittenSpan);
        byte[] signature = key.Sign(System.Text.Encoding.ASCII.GetBytes(signingInput));
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }
}
