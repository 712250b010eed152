using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Sym.Sdk.Hosting.Internal;

/// <summary>
/// Finds the configured key a presented key hashes to. Every configured hash is compared in constant time and the loop
/// never stops early, so timing reveals neither which key matched nor how much of a hash did.
/// </summary>
internal sealed class ApiKeyVerifier
{
    /// <summary>Longer presented keys are rejected before hashing.</summary>
    public const int MaxKeyLength = 512;

    private readonly IOptionsMonitor<SymApiOptions> _options;
    private (SymApiOptions Source, Entry[] Entries) _cache;

    public ApiKeyVerifier(IOptionsMonitor<SymApiOptions> options)
    {
        _options = options;
    }

    public SymApiKeyOptions? Verify(ReadOnlySpan<char> key)
    {
        if (key.IsEmpty || key.Length > MaxKeyLength)
        {
            return null;
        }

        Span<byte> utf8 = stackalloc byte[MaxKeyLength * 3];
        int length = Encoding.UTF8.GetBytes(key, utf8);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(utf8[..length], hash);
        utf8[..length].Clear();
        SymApiKeyOptions? match = null;
        foreach (Entry entry in Entries())
        {
            if (CryptographicOperations.FixedTimeEquals(hash, entry.Hash))
            {
                match = entry.Key;
            }
        }

        return match;
    }

    private Entry[] Entries()
    {
        SymApiOptions current = _options.CurrentValue;
        (SymApiOptions Source, Entry[] Entries) cache = _cache;
        if (ReferenceEquals(cache.Source, current))
        {
            return cache.Entries;
        }

        var entries = new List<Entry>(current.Keys.Count);
        foreach (SymApiKeyOptions key in current.Keys)
        {
            if (key?.Hash is { Length: SHA256.HashSizeInBytes * 2 } hex && TryFromHex(hex, out byte[] bytes))
            {
                entries.Add(new Entry(bytes, key));
            }
        }

        Entry[] result = [.. entries];
        _cache = (current, result);
        return result;
    }

    internal static bool TryFromHex(string hex, out byte[] bytes)
    {
        try
        {
            bytes = Convert.FromHexString(hex);
            return true;
        }
        catch (FormatException)
        {
            bytes = [];
            return false;
        }
    }

    private sealed record Entry(byte[] Hash, SymApiKeyOptions Key);
}
