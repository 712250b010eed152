using Sym.Sdk.Runtime.Internal;

namespace Sym.Sdk.Tests.Runtime;

public sealed class ErrorTextTests
{
    [Theory]
    [InlineData("Okta answered 503", "Try again later.", "Okta answered 503. Try again later.")]
    [InlineData("Okta answered 503.", "Try again later.", "Okta answered 503. Try again later.")]
    [InlineData("Is Okta up?", " Try again later. ", "Is Okta up? Try again later.")]
    [InlineData("Okta answered 503.", null, "Okta answered 503.")]
    [InlineData("Okta answered 503.", "  ", "Okta answered 503.")]
    [InlineData("", "Try again later.", "Try again later.")]
    public void Sentence_JoinsTheMessageAndTheHint(string message, string? hint, string expected)
    {
        ErrorText.Sentence(message, hint).Should().Be(expected);
    }

    [Fact]
    public void For_ASymException_IsItsMessageAndHintWithoutTypeOrCode()
    {
        var ex = new SymException("Okta:HTTP_503", "Okta answered 503 Service Unavailable", "Try again once Okta is back.");

        ErrorText.For(ex).Should().Be("Okta answered 503 Service Unavailable. Try again once Okta is back.");
    }

    [Fact]
    public void For_AnyOtherException_IsItsMessageRedacted()
    {
        var ex = new HttpRequestException("The group API refused: token=abcdefghijkl");

        ErrorText.For(ex).Should().Be("The group API refused: token=[REDACTED]").And.NotContain(nameof(HttpRequestException));
    }
}
