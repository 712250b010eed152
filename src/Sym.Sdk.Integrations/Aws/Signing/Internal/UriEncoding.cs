using System.Text;

namespace Sym.Sdk.Integrations.Aws.Signing.Internal;

/// <summary>SigV4's URI encoding: everything but the RFC 3986 unreserved characters becomes <c>%XX</c> (uppercase hex, UTF-8).</summary>
internal static class UriEncoding
{
    private const string UpperHex = "0123456789ABCDEF";

    public static bool IsUnreserved(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~';

    /// <summary>Appends <paramref name="text"/> encoded; <paramref name="keepSlash"/> and <paramref name="keepPercent"/> leave those characters as they are.</summary>
    public static void Append(ref CharBuffer buffer, scoped ReadOnlySpan<char> text, bool keepSlash, bool keepPercent = false)
    {
        Span<byte> utf8 = stackalloc byte[4];
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (IsUnreserved(c) || (keepSlash && c == '/') || (keepPercent && c == '%'))
            {
                buffer.Append(c);
                i++;
                continue;
            }

            if (Rune.DecodeFromUtf16(text[i..], out Rune rune, out int consumed) != System.Buffers.OperationStatus.Done)
            {
                rune = Rune.ReplacementChar;
            }

            int written = rune.EncodeToUtf8(utf8);
            for (int b = 0; b < written; b++)
            {
                Span<char> escape = buffer.AppendSpan(3);
                escape[0] = '%';
                escape[1] = UpperHex[utf8[b] >> 4];
                escape[2] = UpperHex[utf8[b] & 0xF];
            }

            i += Math.Max(consumed, 1);
        }
    }

    /// <summary>Whether <paramref name="text"/> would come out of <see cref="Append"/> unchanged.</summary>
    public static bool IsEncoded(ReadOnlySpan<char> text, bool keepSlash)
    {
        foreach (char c in text)
        {
            if (!IsUnreserved(c) && !(keepSlash && c == '/'))
            {
                return false;
            }
        }

        return true;
    }

    public static string Encode(ReadOnlySpan<char> text)
    {
        if (IsEncoded(text, keepSlash: false))
        {
            return text.ToString();
        }

        var buffer = new CharBuffer(stackalloc char[256]);
        try
        {
            Append(ref buffer, text, keepSlash: false);
            return buffer.Written.ToString();
        }
        finally
        {
            buffer.Dispose();
        }
    }
}
