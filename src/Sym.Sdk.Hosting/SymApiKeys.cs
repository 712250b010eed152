using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Sym.Sdk.Hosting;

/// <summary>
/// Mints and hashes API keys. A key is <c>sym_</c> followed by 256 random bits (base64url); the host stores only its
/// SHA-256, so a leaked configuration leaks no key. From a shell:
/// <c>KEY="sym_$(openssl rand -hex 32)"; printf %s "$KEY" | sha256sum</c>.
/// </summary>
public static class SymApiKeys
{
    /// <summary>The authentication scheme of API keys: <c>SymApiKey</c>.</summary>
    public const string AuthenticationScheme = "SymApiKey";

    /// <summary>The prefix of generated keys.</summary>
    public const string Prefix = "sym_";

    /// <summary>Generates a new key from a cryptographic random source. Show it once to its owner; store only <see cref="Hash"/>.</summary>
    /// <returns>The key, for example <c>sym_Q2hhbmdlIG1l…</c>.</returns>
    public static string Generate()
    {
        Span<byte> bytes = stackalloc byte[32];
        RandomNumberGenerator.Fill(bytes);
        return Prefix + Base64Url.EncodeToString(bytes);
    }

    /// <summary>The hash to configure for a key (<see cref="SymApiKeyOptions.Hash"/>): lowercase hex SHA-256 of its UTF-8 bytes.</summary>
    /// <param name="key">The key.</param>
    /// <returns>64 lowercase hex characters.</returns>
    public static string Hash(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }
}
