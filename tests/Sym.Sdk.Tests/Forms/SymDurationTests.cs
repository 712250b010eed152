using Sym.Sdk.Forms;

namespace Sym.Sdk.Tests.Forms;

public sealed class SymDurationTests
{
    [Theory]
    [InlineData("30s", 30)]
    [InlineData("10m", 600)]
    [InlineData("1h", 3600)]
    [InlineData("1d", 86400)]
    [InlineData("1mo", 2592000)]
    [InlineData("2mo", 5184000)]
    [InlineData("0s", 0)]
    [InlineData("3600", 3600)]
    [InlineData(" 15m ", 900)]
    public void Parse_ValidText_ReturnsDuration(string text, long seconds)
    {
        SymDuration.Parse(text).Should().Be(TimeSpan.FromSeconds(seconds));
        SymDuration.TryParse(text, out TimeSpan d).Should().BeTrue();
        d.Should().Be(TimeSpan.FromSeconds(seconds));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("m")]
    [InlineData("-5m")]
    [InlineData("1.5h")]
    [InlineData("10 m")]
    [InlineData("10M")]
    [InlineData("1w")]
    [InlineData("1y")]
    [InlineData("h1")]
    [InlineData("99999999999999999999s")]
    [InlineData("9999999999999mo")]
    public void Parse_InvalidText_ThrowsInvalidDuration(string text)
    {
        Action act = () => SymDuration.Parse(text);

        SymException ex = act.Should().Throw<SymException>().Which;
        ex.ErrorCode.Should().Be(SymErrorCodes.InvalidDuration);
        ex.Hint.Should().Contain("30m");
        SymDuration.TryParse(text, out TimeSpan d).Should().BeFalse();
        d.Should().Be(TimeSpan.Zero);
    }

    [Fact]
    public void Parse_Null_ThrowsArgumentNull()
    {
        Action act = () => SymDuration.Parse(null!);

        act.Should().Throw<ArgumentNullException>();
        SymDuration.TryParse(null, out _).Should().BeFalse();
    }

    [Theory]
    [InlineData(45, "45s")]
    [InlineData(0, "0s")]
    [InlineData(600, "10m")]
    [InlineData(5400, "90m")]
    [InlineData(3600, "1h")]
    [InlineData(172800, "2d")]
    [InlineData(2592000, "1mo")]
    [InlineData(2678400, "31d")]
    [InlineData(61, "61s")]
    public void Format_UsesLargestWholeUnit_AndParsesBack(long seconds, string expected)
    {
        string text = SymDuration.Format(TimeSpan.FromSeconds(seconds));

        text.Should().Be(expected);
        SymDuration.Parse(text).Should().Be(TimeSpan.FromSeconds(seconds));
    }

    [Fact]
    public void Format_Negative_Throws()
    {
        Action act = () => SymDuration.Format(TimeSpan.FromSeconds(-1));

        act.Should().Throw<ArgumentOutOfRangeException>();
    }
}
