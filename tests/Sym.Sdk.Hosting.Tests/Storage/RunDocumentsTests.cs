using System.Reflection;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Hosting.Tests.Storage;

public sealed class RunDocumentsTests
{
    /// <summary>
    /// The round-trip tests compare every member, but only prove what the sample sets: a property added to
    /// <see cref="SymRun"/> later must be set here (and so mapped by RunDocuments), or this fails.
    /// </summary>
    [Fact]
    public void FullSample_SetsEverySymRunPropertyAwayFromItsDefault()
    {
        SymRun full = SampleRuns.Full("r1");
        SymRun bare = SampleRuns.Bare("r2") with { Flow = "other_flow", RequestedAt = default, Requester = new User { Username = "other@example.com" } };
        string[] unset = [.. typeof(SymRun).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is not null && p.Name != nameof(SymRun.Version))
            .Where(p => Equivalent(p.GetValue(full), p.GetValue(bare)))
            .Select(p => p.Name)];
        unset.Should().BeEmpty("SampleRuns.Full must exercise every stored property");
    }

    private static bool Equivalent(object? a, object? b) => (a, b) switch
    {
        (null, null) => true,
        (System.Collections.IEnumerable x, System.Collections.IEnumerable y) when a is not string =>
            x.Cast<object?>().Count() == y.Cast<object?>().Count() && !x.Cast<object?>().Any(),
        _ => Equals(a, b),
    };
}
