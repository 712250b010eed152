using System.Security.Cryptography;
using System.Text;

namespace Sym.Sdk.Integrations.Aws.Signing.Internal;

/// <summary>
/// Derives the SigV4 signing key (HMAC chain "AWS4"+secret → date → region → service → "aws4_request") and keeps the
/// last one, which is valid for a whole UTC day: signing a request then costs two HMACs instead of six.
/// </summary>
internal static class SigningKeyCache
{
    private static volatile Entry? s_last;

    public static byte[] Get(string secret, ReadOnlySpan<char> date, string region, string service)
    {
        Entry? last = s_last;
        if (last is not null && date.SequenceEqual(last.Date) && last.Region == region && last.Service == service
            && string.Equals(last.Secret, secret, StringComparison.Ordinal))
        {
            return last.Key;
        }

        byte[] key = Derive(secret, date, region, service);
        s_last = new Entry(secret, date.ToString(), region, service, key);
        return key;
    }

    internal static byte[] Derive(string secret, ReadOnlySpan<char> date, string region, string service)
    {
        Span<byte> key = stackalloc byte[HMACSHA256.HashSizeInBytes];
        byte[] secretBytes = Encoding.UTF8.GetBytes("AWS4" + secret);
        try
        {
            HmacUtf8(secretBytes, date, key);
            HmacUtf8(key, region, key);
            HmacUtf8(key, service, key);
            HmacUtf8(key, "aws4_request", key);
            return key.ToArray();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secretBytes);
        }
    }

    private static void HmacUtf8(ReadOnlySpan<byte> key, ReadOnlySpan<char> data, Span<byte> destination)
    {
        Span<byte> bytes = stackalloc byte[Encoding.UTF8.GetMaxByteCount(Math.Min(data.Length, 64))];
        byte[]? rented = null;
        if (Encoding.UTF8.GetMaxByteCount(data.Length) > bytes.Length)
        {
            rented = new byte[Encoding.UTF8.GetMaxByteCount(data.Length)];
            bytes = rented;
        }

        int length = Encoding.UTF8.GetBytes(data, bytes);
        Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key, bytes[..length], hash);
        hash.CopyTo(destination);
    }

    private sealed record Entry(string Secret, string Date, string Region, string Service, byte[] Key);
}
