using System.Buffers;
using System.Security.Cryptography;
using System.Text.Unicode;

namespace Sym.Sdk.Integrations.Aws.Signing.Internal;

/// <summary>
/// SHA-256 and HMAC-SHA256 on per-thread reusable hashers. The one-shot <see cref="SHA256.HashData(ReadOnlySpan{byte}, Span{byte})"/>
/// and <see cref="HMACSHA256.HashData(ReadOnlySpan{byte}, ReadOnlySpan{byte}, Span{byte})"/> set up a native context on
/// every call, which costs more than hashing a 1 KB body; reusing one per thread (and one HMAC per signing key) does not.
/// Every use appends and finishes in one call, so no hasher is ever left half-fed.
/// </summary>
internal static class SigV4Hashing
{
    [ThreadStatic]
    private static IncrementalHash? t_sha256;

    [ThreadStatic]
    private static IncrementalHash? t_hmac;

    [ThreadStatic]
    private static byte[]? t_hmacKey;

    public static void Sha256(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        IncrementalHash sha = t_sha256 ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(data);
        sha.GetHashAndReset(destination);
    }

    /// <summary>SHA-256 of the UTF-8 encoding of <paramref name="text"/>, transcoded in stack-sized chunks.</summary>
    public static void Sha256Utf8(ReadOnlySpan<char> text, Span<byte> destination)
    {
        IncrementalHash sha = t_sha256 ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        AppendUtf8(sha, text);
        sha.GetHashAndReset(destination);
    }

    /// <summary>HMAC-SHA256 of the UTF-8 encoding of <paramref name="text"/> with a key the caller keeps (cached signing keys).</summary>
    public static void HmacSha256Utf8(byte[] key, ReadOnlySpan<char> text, Span<byte> destination)
    {
        IncrementalHash? hmac = t_hmac;
        if (hmac is null || !ReferenceEquals(t_hmacKey, key))
        {
            hmac?.Dispose();
            hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
            t_hmac = hmac;
            t_hmacKey = key;
        }

        AppendUtf8(hmac, text);
        hmac.GetHashAndReset(destination);
    }

    private static void AppendUtf8(IncrementalHash hash, ReadOnlySpan<char> text)
    {
        Span<byte> chunk = stackalloc byte[1024];
        while (true)
        {
            OperationStatus status = Utf8.FromUtf16(text, chunk, out int read, out int written, replaceInvalidSequences: true, isFinalBlock: true);
            hash.AppendData(chunk[..written]);
            if (status != OperationStatus.DestinationTooSmall)
            {
                return;
            }

            text = text[read..];
        }
    }
}
