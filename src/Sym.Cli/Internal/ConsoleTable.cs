using System.Globalization;
using System.Text;

namespace Sym.Cli.Internal;

/// <summary>A plain-text table: a header row and left-aligned columns, with a colour per cell when the terminal allows it.</summary>
internal sealed class ConsoleTable(params string[] headers)
{
    private readonly List<(string Text, string? Color)[]> _rows = [];

    public int Count => _rows.Count;

    public void Add(params (string Text, string? Color)[] cells) => _rows.Add(cells);

    public void Write(TextWriter output, bool useColor)
    {
        int[] widths = headers.Select(static h => h.Length).ToArray();
        foreach ((string Text, string? Color)[] row in _rows)
        {
            for (int i = 0; i < widths.Length && i < row.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Text.Length);
            }
        }

        output.WriteLine(Line(headers.Select(static h => (h, (string?)(Ansi.Bold))).ToArray(), widths, useColor));
        foreach ((string Text, string? Color)[] row in _rows)
        {
            output.WriteLine(Line(row, widths, useColor));
        }
    }

    private static string Line((string Text, string? Color)[] cells, int[] widths, bool useColor)
    {
        var line = new StringBuilder();
        for (int i = 0; i < cells.Length; i++)
        {
            string padded = i == cells.Length - 1 ? cells[i].Text : cells[i].Text.PadRight(widths[i] + 2);
            line.Append(Ansi.Paint(padded, cells[i].Color, useColor));
        }

        return line.ToString().TrimEnd();
    }
}

/// <summary>ANSI colours, written only when <see cref="CliEnvironment.UseColor"/> says the terminal takes them.</summary>
internal static class Ansi
{
    public const string Bold = "1";
    public const string Red = "31";
    public const string Green = "32";
    public const string Yellow = "33";
    public const string Grey = "90";

    public static string Paint(string text, string? color, bool useColor) =>
        useColor && color is not null ? string.Create(CultureInfo.InvariantCulture, $"\u001b[{color}m{text}\u001b[0m") : text;

    /// <summary>The colour of a run state: pending yellow, active green, failures red, the finished grey.</summary>
    public static string? ForState(string? state) => state switch
    {
        "pending" or "escalating" or "deescalating" => Yellow,
        "active" => Green,
        "denied" or "errored" => Red,
        "ended" or "expired" or "cancelled" or "approved" => Grey,
        _ => null,
    };

    public static string? ForOutcome(string? outcome) => outcome switch
    {
        "applied" => Green,
        "ignored" => Yellow,
        "failed" or "errored" => Red,
        _ => null,
    };
}
