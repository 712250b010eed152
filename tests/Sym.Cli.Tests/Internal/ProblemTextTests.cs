using System.Net;
using Sym.Cli.Internal;

namespace Sym.Cli.Tests.Internal;

public class ProblemTextTests
{
    [Fact]
    public void Describe_ValidationProblem_SaysTheDetailOnceThenEachFieldThenTheCode()
    {
        const string body = """
            {"title":"The request is invalid.","detail":"The request is invalid. Correct the listed fields.","status":400,
             "errors":{"duration":["Too long."],"target":["Unknown target","Pick one of prod_db."]},"code":"SymSDK:INVALID_REQUEST"}
            """;

        string text = ProblemText.Describe(HttpStatusCode.BadRequest, body);

        text.Should().Be(string.Join(Environment.NewLine,
            "The request is invalid. Correct the listed fields.",
            "  duration: Too long.",
            "  target: Unknown target",
            "  target: Pick one of prod_db.",
            "  (SymSDK:INVALID_REQUEST)"));
    }

    [Fact]
    public void Describe_TitleAndDetail_EndEachWithAFullStop()
    {
        ProblemText.Describe(HttpStatusCode.Forbidden, """{"title":"Forbidden","detail":"This key may not use this endpoint"}""")
            .Should().Be("Forbidden. This key may not use this endpoint.");
    }

    [Theory]
    [InlineData("<html>Bad gateway</html>")]
    [InlineData("")]
    public void Describe_NotJson_NamesTheStatus(string body)
    {
        ProblemText.Describe(HttpStatusCode.BadGateway, body).Should().Be("The service answered 502 (BadGateway) without a problem description.");
    }
}
