using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Sym.Sdk.Integrations.Slack;

/// <summary>
/// Verifies that a request comes from Slack: <c>X-Slack-Signature</c> must be <c>v0=</c> + lower-case hex of
/// HMAC-SHA256(signing secret, <c>v0:{timestamp}:{raw body}</c>), compared in constant time, and
/// <c>X-Slack-Request-Timestamp</c> within 300 seconds of now. Thread-safe; create one and reuse it.
/// </summary>
public sealed class SlackRequestVerifier
{
    /// <summary>The largest allowed difference between the request timestamp and now.</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromSeconds(300);

    private const int StackLimit = 2048;
    private const int MaxTimestampLength = 19;
    private static ReadOnlySpan<byte> Prefix => "v0="u8;

    private readonly byte[] _key;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the verifier.</summary>
    /// <param name="signingSecret">The app's signing secret (Basic Information → App Credentials).</param>
    /// <param name="timeProvider">The clock; the default is <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentException">The secret is empty.</exception>
    public SlackRequestVerifier(string signingSecret, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(signingSecret);
        _key = Encoding.UTF8.GetBytes(signingSecret);
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Verifies a request.</summary>
    /// <param name="timestamp">The <c>X-Slack-Request-Timestamp</c> header value.</param>
    /// <param name="signature">The <c>X-Slack-Signature</c> header value.</param>
    /// <param name="rawBody">The raw request body, exactly as received (before any form or JSON parsing).</param>
    /// <returns>Valid, or why not.</returns>
    public SlackVerificationResult Verify(string? timestamp, string? signature, ReadOnlySpan<byte> rawBody)
    {
        if (string.IsNullOrEmpty(timestamp))
        {
            return new(SlackVerificationStatus.MissingTimestamp);
        }

        if (string.IsNullOrEmpty(signature))
        {
            return new(SlackVerificationStatus.MissingSignature);
        }

        if (timestamp.Length > MaxTimestampLength
            || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out long seconds))
        {
            return new(SlackVerificationStatus.MalformedTimestamp);
        }

        Span<byte> provided = stackalloc byte[SHA256.HashSizeInBytes];
        if (!TryDecodeSignature(signature, provided))
        {
            return new(SlackVerificationStatus.MalformedSignature);
        }

        long now = _timeProvider.GetUtcNow().ToUnixTimeSeconds();
        if (now - seconds > MaxClockSkew.TotalSeconds)
        {
            return new(SlackVerificationStatus.Stale);
        }

        if (seconds - now > MaxClockSkew.TotalSeconds)
        {
            return new(SlackVerificationStatus.Future);
        }

        Span<byte> expected = stackalloc byte[SHA256.HashSizeInBytes];
        ComputeSignature(timestamp, rawBody, expected);
        return CryptographicOperations.FixedTimeEquals(expected, provided)
            ? new(SlackVerificationStatus.Valid)
            : new(SlackVerificationStatus.Mismatch);
    }

    /// <summary>Computes the HMAC of <c>v0:{timestamp}:{body}</c> in one contiguous stack or pooled buffer.</summary>
    private void ComputeSignature(string timestamp, ReadOnlySpan<byte> body, Span<byte> destination)
    {
        // "v0:" + timestamp (ASCII digits, at most 19) + ":" + body.
        int length = 3 + timestamp.Length + 1 + body.Length;
        byte[]? rented = null;
        Span<byte> buffer = length <= StackLimit
            ? stackalloc byte[length]
            : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            "v0:"u8.CopyTo(buffer);
            int written = Encoding.ASCII.GetBytes(timestamp, buffer[3..]);
            buffer[3 + written] = (byte)':';
            body.CopyTo(buffer[(4 + written)..]);
            HMACSHA256.HashData(_key, buffer[..length], destination);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static bool TryDecodeSignature(string signature, Span<byte> destination)
    {
        if (signature.Length != Prefix.Length + (2 * SHA256.HashSizeInBytes)
            || signature[0] != 'v' || signature[1] != '0' || signature[2] != '=')
        {
            return false;
        }

        ReadOnlySpan<char> hex = signature.AsSpan(Prefix.Length);
        for (int i = 0; i < destination.Length; i++)
        {
            int hi = LowerHexValue(hex[2 * i]);
            int lo = LowerHexValue(hex[(2 * i) + 1]);
            if ((hi | lo) < 0)
            {
                return false;
            }

            destination[i] = (byte)((hi << 4) | lo);
        }

        return true;
    }

    private static int LowerHexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        _ => -1,
    };
}
