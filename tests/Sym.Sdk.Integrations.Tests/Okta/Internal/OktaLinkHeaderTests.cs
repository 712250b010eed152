using Sym.Sdk.Integrations.Okta.Internal;

namespace Sym.Sdk.Integrations.Tests.Okta.Internal;

public sealed class OktaLinkHeaderTests
{
    [Theory]
    [InlineData("<https://a.okta.com/api/v1/users?after=1>; rel=\"next\"", "https://a.okta.com/api/v1/users?after=1")]
    [InlineData("<https://a.okta.com/x?limit=2>; rel=\"self\", <https://a.okta.com/x?after=2&limit=2>; rel=\"next\"", "https://a.okta.com/x?after=2&limit=2")]
    [InlineData("<https://a.okta.com/x?after=2>; rel=next", "https://a.okta.com/x?after=2")]
    [InlineData("<https://a.okta.com/x?after=2>;rel=\"NEXT\"", "https://a.okta.com/x?after=2")]
    [InlineData("<https://a.okta.com/x?a=1,2>; rel=\"self\",<https://a.okta.com/x?b=3>; title=\"p; 2\"; rel=\"next last\"", "https://a.okta.com/x?b=3")]
    public void FindNext_HeaderWithANextLink_ReturnsItsTarget(string header, string expected) =>
        OktaLinkHeader.FindNext(header).Should().Be(expected);

    [Theory]
    [InlineData("<https://a.okta.com/x>; rel=\"self\"")]
    [InlineData("<https://a.okta.com/x>; rel=\"nextpage\"")]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("<https://a.okta.com/x; rel=\"next\"")]
    public void FindNext_HeaderWithoutANextLink_ReturnsNull(string header) =>
        OktaLinkHeader.FindNext(header).Should().BeNull();

    [Fact]
    public void FindNext_SeparateHeaders_FindsNextInAnyOfThem()
    {
        using var response = new HttpResponseMessage();
        response.Headers.TryAddWithoutValidation("Link", "<https://a.okta.com/x>; rel=\"self\"");
        response.Headers.TryAddWithoutValidation("Link", "</x?after=9>; rel=\"next\"");

        OktaLinkHeader.FindNext(response.Headers, new Uri("https://a.okta.com/x")).Should().Be(new Uri("https://a.okta.com/x?after=9"));
    }
}
