using System.Text;
using Sym.Sdk.Hosting.Internal.Console;

namespace Sym.Sdk.Hosting.Console.Tests.Internal;

public class AuditExportTests
{
    [Fact]
    public void Cells_QuotesWhatNeedsQuoting_AndDisarmsFormulas()
    {
        var line = new StringBuilder();

        AuditExport.Cells(line, "plain", "a,b", "say \"hi\"", "two\nlines", "=HYPERLINK(\"x\")", "+1", "-2", "@sum", null, "");

        line.ToString().Should().Be("plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"'=HYPERLINK(\"\"x\"\")\",'+1,'-2,'@sum,,\r\n");
    }
}
