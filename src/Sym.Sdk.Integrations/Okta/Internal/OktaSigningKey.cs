using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;

namespace Sym.Sdk.Integrations.Okta.Internal;

/// <summary>A private key that signs JWTs: RSA (RS256) or P-256 ECDSA (ES256).</summary>
internal sealed class OktaSigningKey : IDisposable
{
    private readonly RSA? _rsa;
    private readonly ECDsa? _ecdsa;

    private OktaSigningKey(RSA? rsa, ECDsa? ecdsa, string? keyId)
    {
        _rsa = rsa;
        _ecdsa = ecdsa;
        KeyId = keyId;
    }

    /// <summary><c>RS256</c> or <c>ES256</c>.</summary>
    public string Algorithm => _rsa is not null ? "RS256" : "ES256";

    public string? KeyId { get; }

    /// <summary>Loads a PEM private key. The key's text never appears in an error.</summary>
    /// <exception cref="ArgumentException">The PEM holds no usable RSA or P-256 private key.</exception>
    public static OktaSigningKey FromPem(string pem, string? keyId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pem);
        if (TryImport(RSA.Create(), pem) is { } rsa)
        {
            if (rsa.KeySize < 2048)
            {
                rsa.Dispose();
                throw new ArgumentException($"The RSA key has {rsa.KeySize} bits; Okta requires at least 2048.", nameof(pem));
            }

            return new OktaSigningKey(rsa, null, keyId);
        }

        if (TryImport(ECDsa.Create(), pem) is { } ecdsa)
        {
            if (ecdsa.ExportParameters(includePrivateParameters: false).Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
            {
                ecdsa.Dispose();
                throw new ArgumentException("The EC key is not on curve P-256; ES256 needs a P-256 key.", nameof(pem));
            }

            return new OktaSigningKey(null, ecdsa, keyId);
        }

        throw new ArgumentException(
            "The PEM holds no RSA or EC private key (expected BEGIN PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY).", nameof(pem));
    }

    private static T? TryImport<T>(T key, string pem)
        where T : AsymmetricAlgorithm
    {
        try
        {
            key.ImportFromPem(pem);

            // A public key imports too, but cannot sign: require the private half.
            _ = key.ExportPkcs8PrivateKey();
            return key;
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            key.Dispose();
            return null;
        }
    }

    /// <summary>A fresh P-256 key, for DPoP proofs.</summary>
    public static OktaSigningKey CreateEphemeralP256() => new(null, ECDsa.Create(ECCurve.NamedCurves.nistP256), null);

    /// <summary>Signs the JWS signing input with this key's algorithm (ES256 signatures in the JWS r‖s form).</summary>
    public byte[] Sign(ReadOnlySpan<byte> data) => _rsa is not null
        ? _rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
        : _ecdsa!.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    /// <summary>Writes the public key as a JWK object (for a DPoP proof's <c>jwk</c> header).</summary>
    public void WritePublicJwk(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        if (_rsa is not null)
        {
            RSAParameters p = _rsa.ExportParameters(includePrivateParameters: false);
            writer.WriteString("kty", "RSA");
            writer.WriteString("e", Base64Url.EncodeToString(p.Exponent));
            writer.WriteString("n", Base64Url.EncodeToString(p.Modulus));
        }
        else
        {
            ECParameters p = _ecdsa!.ExportParameters(includePrivateParameters: false);
            writer.WriteString("kty", "EC");
            writer.WriteString("crv", "P-256");
            writer.WriteString("x", Base64Url.EncodeToString(p.Q.X));
            writer.WriteString("y", Base64Url.EncodeToString(p.Q.Y));
        }

        writer.WriteEndObject();
    }

    public void Dispose()
    {
        _rsa?.Dispose();
        _ecdsa?.Dispose();
    }
}
