using System.Globalization;
using Sym.Sdk.Forms;
using Sym.Sdk.Hosting.Internal.Api;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Hosting.Internal.Console;

/// <summary>How the console writes times, durations, states and runs.</summary>
internal static class ConsoleFormat
{
    /// <summary>A time people read (UTC), in a <c>time</c> element machines read.</summary>
    public static Markup Time(DateTimeOffset? time) => time is { } t
        ? new Html().Add($"<time datetime=\"{t.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)}\">{t.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)}</time>").ToMarkup()
        : new Markup("—");

    /// <summary>A time to come, with how long until it (kept current in the browser by console.js, when scripts run).</summary>
    public static Markup Countdown(DateTimeOffset? time, DateTimeOffset now) => time is { } t
        ? new Html().Add($"{Time(t)} <span class=\"countdown\" data-until=\"{t.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)}\">({Until(t, now)})</span>").ToMarkup()
        : new Markup("—");

    /// <summary>"in 59 min", "in 3 h 5 min", or "passed".</summary>
    public static string Until(DateTimeOffset time, DateTimeOffset now)
    {
        TimeSpan left = time - now;
        if (left <= TimeSpan.Zero)
        {
            return "passed";
        }

        return left.TotalDays >= 1 ? Invariant($"in {(int)left.TotalDays} d {left.Hours} h")
            : left.TotalHours >= 1 ? Invariant($"in {(int)left.TotalHours} h {left.Minutes} min")
            : left.TotalMinutes >= 1 ? Invariant($"in {(int)left.TotalMinutes} min")
            : Invariant($"in {(int)left.TotalSeconds} s");
    }

    public static string Duration(TimeSpan duration) => SymDuration.Format(duration);

    public static string State(SymRunState state) => ApiMapping.StateName(state);

    /// <summary>A state as a badge whose words carry the meaning (its colour only repeats it).</summary>
    public static Markup StateBadge(SymRunState state) =>
        new Html().Add($"<span class=\"state state-{State(state)}\">{State(state)}</span>").ToMarkup();

    public static string Target(SymRun run) => run.Target is { } t ? t.Label ?? t.Name : "—";

    public static string ShortId(string id) => id.Length > 8 ? id[..8] : id;

    public static string Outcome(SymAuditOutcome outcome) => ApiMapping.OutcomeName(outcome);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
