using System.Text.Json;
using FluentAssertions.Equivalency;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Hosting.Tests.Storage;

internal static class RunAssertions
{
    /// <summary>Every member of the run, deeply: records and users by their members, JSON values by their text.</summary>
    public static void ShouldMatch(this SymRun actual, SymRun expected)
    {
        actual.Should().BeEquivalentTo(expected, Options);
        actual.Fields.Target.Should().BeEquivalentTo(expected.Fields.Target, o => o.ComparingRecordsByMembers());
    }

    private static EquivalencyAssertionOptions<SymRun> Options(EquivalencyAssertionOptions<SymRun> o) => o
        .ComparingRecordsByMembers()
        .ComparingByMembers<User>()
        .RespectingRuntimeTypes()
        .Using<JsonElement>(ctx => ctx.Subject.GetRawText().Should().Be(ctx.Expectation.GetRawText()))
        .WhenTypeIs<JsonElement>();
}
