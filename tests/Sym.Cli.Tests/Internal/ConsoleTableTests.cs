using Sym.Cli.Internal;

namespace Sym.Cli.Tests.Internal;

public class ConsoleTableTests
{
    private static ConsoleTable Runs()
    {
        var table = new ConsoleTable("ID", "STATE");
        table.Add(("run-1", null), ("active", Ansi.ForState("active")));
        table.Add(("run-22", null), ("denied", Ansi.ForState("denied")));
        return table;
    }

    [Fact]
    public void Write_WithoutColor_AlignsColumnsInPlainText()
    {
        using var output = new StringWriter();

        Runs().Write(output, useColor: false);

        output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).Should().Equal(
            "ID      STATE",
            "run-1   active",
            "run-22  denied");
    }

    [Fact]
    public void Write_WithColor_PaintsStatesAndHeaders()
    {
        using var output = new StringWriter();

        Runs().Write(output, useColor: true);

        string text = output.ToString();
        text.Should().Contain("\u001b[32mactive\u001b[0m").And.Contain("\u001b[31mdenied\u001b[0m").And.Contain("\u001b[1mID      \u001b[0m");
    }
}
