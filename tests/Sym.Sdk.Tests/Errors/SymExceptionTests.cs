namespace Sym.Sdk.Tests.Errors;

public sealed class SymExceptionTests
{
    [Fact]
    public void ErrorCode_SplitsIntoTypeAndName()
    {
        var ex = new SymException("Slack:CHANNEL_NOT_FOUND", "No channel #x.", "Invite the app.") { StatusCode = 404, RequestId = "r-1", RawResponse = "{}" };

        ex.ErrorCode.Should().Be("Slack:CHANNEL_NOT_FOUND");
        ex.ErrorType.Should().Be("Slack");
        ex.ErrorName.Should().Be("CHANNEL_NOT_FOUND");
        ex.Hint.Should().Be("Invite the app.");
        ex.Message.Should().Be("No channel #x.");
        ex.StatusCode.Should().Be(404);
        ex.RequestId.Should().Be("r-1");
        ex.RawResponse.Should().Be("{}");
    }

    [Theory]
    [InlineData("NOCOLON")]
    [InlineData(":NAME")]
    [InlineData("Type:")]
    [InlineData("")]
    public void Constructor_MalformedCode_Throws(string code)
    {
        Action act = () => _ = new SymException(code, "message");

        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void ToString_IncludesCodeAndHint()
    {
        new SymException("Okta:USER_NOT_FOUND", "No user.", "Check the login.").ToString()
            .Should().Be("Sym.Sdk.SymException [Okta:USER_NOT_FOUND]: No user. Hint: Check the login.");
        new SymException("Okta:USER_NOT_FOUND", "No user.").ToString()
            .Should().Be("Sym.Sdk.SymException [Okta:USER_NOT_FOUND]: No user.");
    }

    [Fact]
    public void InnerException_IsKept()
    {
        var cause = new InvalidOperationException("boom");

        new SymException("AWSSSO:ASSIGNMENT_FAILED", "Failed.", innerException: cause).InnerException.Should().BeSameAs(cause);
    }

    [Fact]
    public void RateLimited_CarriesRetryAfter()
    {
        var ex = new SymRateLimitedException("Slack:RATELIMITED", "Slow down.", TimeSpan.FromSeconds(30));

        ex.RetryAfter.Should().Be(TimeSpan.FromSeconds(30));
        ex.Hint.Should().NotBeNullOrEmpty();
        ex.Should().BeAssignableTo<SymException>();
        new SymRateLimitedException("Slack:RATELIMITED", "Slow down.", null).RetryAfter.Should().BeNull();
    }

    [Fact]
    public void Subclasses_DeriveFromSymException()
    {
        new SymNotFoundException("Okta:USER_NOT_FOUND", "x").Should().BeAssignableTo<SymException>();
        new SymAuthenticationException("Slack:INVALID_AUTH", "x").Should().BeAssignableTo<SymException>();
        new IdentityNotFoundException("a@b.c", "okta").Should().BeAssignableTo<SymNotFoundException>();
        new SrnFormatException(SrnFormatException.InvalidSlug, "x", "bad").Should().BeAssignableTo<SymException>();
    }

    [Fact]
    public void ErrorCodes_OfTheModel_AreTypeColonName()
    {
        string[] codes =
        [
            IdentityNotFoundException.Code, SrnFormatException.InvalidSlug, SrnFormatException.InvalidVersion,
            SrnFormatException.MissingComponent, SrnFormatException.TrailingSeparator, SrnFormatException.TooManyComponents,
            SrnFormatException.InvalidIdentifier,
        ];

        codes.Should().OnlyContain(c => System.Text.RegularExpressions.Regex.IsMatch(c, "^[A-Za-z]+:[A-Z_]+$"));
        codes.Should().OnlyHaveUniqueItems();
    }
}
