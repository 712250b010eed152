using System.Globalization;

namespace Sym.Sdk.Forms;

/// <summary>
/// Sym's duration text: a number followed by <c>s</c>, <c>m</c>, <c>h</c>, <c>d</c> or <c>mo</c> (30 days), for example
/// <c>30s</c>, <c>10m</c>, <c>1h</c>, <c>1d</c>, <c>1mo</c>; or a bare number of seconds.
/// </summary>
public static class SymDuration
{
    /// <summary>Parses duration text.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The duration.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    /// <exception cref="SymException">Code <c>SymSDK:INVALID_DURATION</c>: the text is not a duration.</exception>
    public static TimeSpan Parse(string text) => TryParse(text ?? throw new ArgumentNullException(nameof(text)), out TimeSpan d)
        ? d
        : throw new SymException(SymErrorCodes.InvalidDuration, $"'{text}' is not a duration.",
            "Write a whole number followed by s, m, h, d or mo (30 days), for example '30m', or a number of seconds.");

    /// <summary>Tries to parse duration text.</summary>
    /// <param name="text">The text.</param>
    /// <param name="duration">The duration.</param>
    /// <returns>Whether the text is a duration.</returns>
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        ReadOnlySpan<char> s = text.AsSpan().Trim();
        int i = 0;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            i++;
        }

        if (i == 0 || !long.TryParse(s[..i], NumberStyles.None, CultureInfo.InvariantCulture, out long n))
        {
            return false;
        }

        long seconds;
        ReadOnlySpan<char> unit = s[i..];
        long multiplier = unit switch
        {
            "" or "s" => 1,
            "m" => 60,
            "h" => 3600,
            "d" => 86400,
            "mo" => 30 * 86400,
            _ => -1,
        };
        if (multiplier < 0)
        {
            return false;
        }

        try
        {
            seconds = checked(n * multiplier);
        }
        catch (OverflowException)
        {
            return false;
        }

        if (seconds > (long)TimeSpan.MaxValue.TotalSeconds)
        {
            return false;
        }

        duration = TimeSpan.FromSeconds(seconds);
        return true;
    }

    /// <summary>Formats a duration in the largest whole unit: <c>1mo</c>, <c>2d</c>, <c>1h</c>, <c>30m</c>, <c>45s</c>.</summary>
    /// <param name="duration">The duration; fractions of a second are dropped.</param>
    /// <returns>The text, which <see cref="Parse"/> reads back.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="duration"/> is negative.</exception>
    public static string Format(TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        long s = (long)duration.TotalSeconds;
        return s switch
        {
            > 0 when s % (30 * 86400) == 0 => string.Create(CultureInfo.InvariantCulture, $"{s / (30 * 86400)}mo"),
            > 0 when s % 86400 == 0 => string.Create(CultureInfo.InvariantCulture, $"{s / 86400}d"),
            > 0 when s % 3600 == 0 => string.Create(CultureInfo.InvariantCulture, $"{s / 3600}h"),
            > 0 when s % 60 == 0 => string.Create(CultureInfo.InvariantCulture, $"{s / 60}m"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{s}s"),
        };
    }
}
