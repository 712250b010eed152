using Sym.Sdk.Hosting.Internal.Console;

namespace Sym.Sdk.Hosting.Console.Tests.Internal;

public class HtmlTests
{
    [Fact]
    public void Add_InterpolatedValues_AreEncodedButLiteralsAndMarkupAreNot()
    {
        string reason = "<script>alert('x')</script> & \"quotes\"";
        Markup inner = new Html().Add($"<b>{reason}</b>").ToMarkup();

        string html = new Html().Add($"<p title=\"{reason}\">{reason}</p>{inner}").ToString();

        html.Should().Be(
            "<p title=\"&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;quotes&quot;\">&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;quotes&quot;</p>"
            + "<b>&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;quotes&quot;</b>");
    }

    [Fact]
    public void Add_NonAsciiText_StaysReadable()
    {
        new Html().Add($"{"José → Production"}").ToString().Should().Be("José → Production");
    }

    [Fact]
    public void Add_NumbersAndNull_WrittenInvariantly()
    {
        double x = 1234.5;
        string? none = null;
        new Html().Add($"{x:0.#}|{42}|{none}|").ToString().Should().Be("1234.5|42||");
    }
}
