using System.Globalization;

namespace Sym.Sdk.Integrations.Slack.Internal;

/// <summary>Slack's message timestamps (<c>1700000000.000100</c>: Unix seconds with six decimals) to and from time.</summary>
internal static class SlackTimestamps
{
    /// <summary>The time as Slack's timestamp text, to the microsecond.</summary>
    public static string Format(DateTimeOffset time)
    {
        long micros = (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
        long seconds = Math.DivRem(micros, 1_000_000, out long fraction);
        if (fraction < 0)
        {
            seconds--;
            fraction += 1_000_000;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{seconds}.{fraction:D6}");
    }

    /// <summary>Reads a timestamp; <see langword="false"/> when it is not one.</summary>
    public static bool TryParse(string? ts, out DateTimeOffset time)
    {
        time = default;
        if (!decimal.TryParse(ts, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal seconds)
            || seconds > 253_402_300_799m)
        {
            return false;
        }

        time = DateTimeOffset.UnixEpoch.AddTicks((long)(seconds * TimeSpan.TicksPerSecond));
        return true;
    }
}
