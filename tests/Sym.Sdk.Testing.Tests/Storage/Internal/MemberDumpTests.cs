using System.Text.Json;
using Sym.Sdk.Runtime;
using Sym.Sdk.Testing.Storage.Internal;

namespace Sym.Sdk.Testing.Tests.Storage.Internal;

public sealed class MemberDumpTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void FirstDifference_NestedMemberDiffers_NamesItsPath()
    {
        SymRun run = Run();
        SymRun changed = run with { Approvals = [new User { Username = "ann@example.com", Email = "other@example.com" }] };
        MemberDump.FirstDifference(run, changed).Should()
            .Be("expected value.Approvals[0].Email = \"ann@example.com\", but read value.Approvals[0].Email = \"other@example.com\".");
    }

    [Fact]
    public void FirstDifference_EqualGraphsBuiltApart_IsNone()
    {
        MemberDump.FirstDifference(Run(), Run()).Should().BeNull();
    }

    [Fact]
    public void FirstDifference_SameInstantAtAnotherOffsetAndDictionaryInAnotherOrder_IsNone()
    {
        SymRun run = Run();
        SymRun same = run with
        {
            RequestedAt = run.RequestedAt.ToOffset(TimeSpan.FromHours(2)),
            Actors = new Dictionary<string, User>(StringComparer.Ordinal) { ["request"] = run.Actors["request"], ["approve"] = run.Actors["approve"] },
        };
        MemberDump.FirstDifference(run, same).Should().BeNull();
    }

    [Fact]
    public void FirstDifference_JsonValueWrittenDifferently_IsADifference()
    {
        SymRun run = Run();
        SymRun changed = run with { Fields = new EventFields(new Dictionary<string, JsonElement> { ["n"] = JsonDocument.Parse("1.50").RootElement }) };
        MemberDump.FirstDifference(run, changed).Should().Be("expected value.Fields[n] = 1.5, but read value.Fields[n] = 1.50.");
    }

    [Fact]
    public void FirstDifference_ListShorter_SaysSoAtTheCount()
    {
        MemberDump.FirstDifference(new[] { 1, 2 }, new[] { 1 }).Should().Be("expected value.Count = 2, but read value.Count = 1.");
        MemberDump.FirstDifference(null, "x").Should().Be("expected value = null, but read value = \"x\".");
    }

    private static SymRun Run() => new()
    {
        Id = "r1", Version = 1, Flow = "f", Requester = new User { Username = "req@example.com" }, RequestedAt = T0,
        Fields = new EventFields(new Dictionary<string, JsonElement> { ["n"] = JsonDocument.Parse("1.5").RootElement }),
        Actors = new Dictionary<string, User>(StringComparer.Ordinal)
        {
            ["approve"] = new User { Username = "ann@example.com" }, ["request"] = new User { Username = "req@example.com" },
        },
        Approvals = [new User { Username = "ann@example.com" }],
    };
}
