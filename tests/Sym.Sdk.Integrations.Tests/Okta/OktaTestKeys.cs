using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Sym.Sdk.Integrations.Tests.Okta;

/// <summary>Generated keys for OAuth tests, and a JWT reader that verifies signatures.</summary>
internal static class OktaTestKeys
{
    private static readonly Lazy<RSA> LazyRsa = new(() => RSA.Create(2048));
    private static readonly Lazy<ECDsa> LazyEc = new(() => ECDsa.Create(ECCurve.NamedCurves.nistP256));

    public static RSA Rsa => LazyRsa.Value;

    public static ECDsa Ec => LazyEc.Value;

    public static string RsaPem => Rsa.ExportPkcs8PrivateKeyPem();

    public static string EcPem => Ec.ExportECPrivateKeyPem();

    public sealed record Jwt(JsonElement Header, JsonElement Payload, string SigningInput, byte[] Signature);

    public static Jwt Read(string token)
    {
        string[] parts = token.Split('.');
        parts.Should().HaveCount(3, "a compact JWS has three parts");
        return new Jwt(
            JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0])).RootElement,
            JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1])).RootElement,
            parts[0] + "." + parts[1],
            Base64Url.DecodeFromChars(parts[2]));
    }

    public static bool VerifyRs256(Jwt jwt, RSA key) =>
        key.VerifyData(Encoding.ASCII.GetBytes(jwt.SigningInput), jwt.Signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    public static bool VerifyEs256(Jwt jwt, ECDsa key) =>
        key.VerifyData(Encoding.ASCII.GetBytes(jwt.SigningInput), jwt.Signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    /// <summary>The public key a DPoP proof carries in its <c>jwk</c> header.</summary>
    public static ECDsa FromJwk(JsonElement jwk)
    {
        jwk.GetProperty("kty").GetString().Should().Be("EC");
        jwk.GetProperty("crv").GetString().Should().Be("P-256");
        return ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint
            {
                X = Base64Url.DecodeFromChars(jwk.GetProperty("x").GetString()),
                Y = Base64Url.DecodeFromChars(jwk.GetProperty("y").GetString()),
            },
        });
    }
}
