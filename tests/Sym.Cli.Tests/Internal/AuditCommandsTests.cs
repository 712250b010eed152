using Microsoft.Extensions.Time.Testing;
using Sym.Cli.Internal;

namespace Sym.Cli.Tests.Internal;

public class AuditCommandsTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("90m", "2026-03-10T10:30:00Z")]
    [InlineData("24h", "2026-03-09T12:00:00Z")]
    [InlineData("7d", "2026-03-03T12:00:00Z")]
    [InlineData("2026-03-01", "2026-03-01T00:00:00Z")]
    [InlineData("2026-03-01T09:00:00+02:00", "2026-03-01T07:00:00Z")]
    public void ParseSince_AgeOrTime_IsTheInstantMeant(string since, string expected)
    {
        AuditCommands.ParseSince(since, new FakeTimeProvider(Now)).Should().Be(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("7w")]
    [InlineData("0d")]
    [InlineData("yesterday")]
    public void ParseSince_Neither_IsAUsageError(string since)
    {
        Action parse = () => AuditCommands.ParseSince(since, new FakeTimeProvider(Now));

        parse.Should().Throw<CliException>().Which.ExitCode.Should().Be(ExitCodes.Usage);
    }
}
