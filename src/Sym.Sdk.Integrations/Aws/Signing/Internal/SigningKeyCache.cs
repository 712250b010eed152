using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Sym.Sdk.Integrations.Aws.Signing.Internal;

/// <summary>
/// Derives the SigV4 signing key (HMAC chain "AWS4"+secret → date → region → service → "aws4_request") and keeps it per
/// secret, region and service for its UTC day: signing then costs one HMAC instead of five, even when one process talks
/// to several services (IAM, Identity Center, Identity Store, Lambda) in turn.
/// </summary>
internal static class SigningKeyCache
{
    // A few credentials × regions × services; the bound only guards against unbounded credential rotation.
    private const int MaxEntries = 64;

    private static readonly ConcurrentDictionary<(string Secret, string Region, string Service), Entry> s_keys = new();

    private static volatile Last? s_last;

    /// <param name="secret">The secret access key.</param>
    /// <param name="date">The scope date, <c>yyyyMMdd</c>.</param>
    /// <param name="region">The signing region.</param>
    /// <param name="service">The signing service.</param>
    public static byte[] Get(string secret, ReadOnlySpan<char> date, string region, string service)
    {
        int day = int.Parse(date, System.Globalization.CultureInfo.InvariantCulture);

        // Most processes sign for one credential, region and service in a row: the last key answers without hashing
        // the secret (the same string instances, checked by reference, then by value).
        if (s_last is { } last && last.Day == day && Same(last.Secret, secret) && Same(last.Region, region) && Same(last.Service, service))
        {
            return last.Key;
        }

        if (s_keys.TryGetValue((secret, region, service), out Entry? entry) && entry.Day == day)
        {
            s_last = new Last(secret, region, service, day, entry.Key);
            return entry.Key;
        }

        byte[] key = Derive(secret, date, region, service);
        s_last = new Last(secret, region, service, day, key);
        if (s_keys.Count >= MaxEntries)
        {
            s_keys.Clear();
        }

        s_keys[(secret, region, service)] = new Entry(day, key);
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
        byte[] bytes = new byte[Encoding.UTF8.GetByteCount(data)];
        Encoding.UTF8.GetBytes(data, bytes);
        Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key, bytes, hash);
        hash.CopyTo(destination);
    }

    private static bool Same(string cached, string given) =>
        ReferenceEquals(cached, given) || string.Equals(cached, given, StringComparison.Ordinal);

    private sealed record Entry(int Day, byte[] Key);

    private sealed record Last(string Secret, string Region, string Service, int Day, byte[] Key);
}
