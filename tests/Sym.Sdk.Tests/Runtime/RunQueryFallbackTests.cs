using System.Reflection;
using Sym.Sdk.Runtime;
using Sym.Sdk.Testing.Storage;

namespace Sym.Sdk.Tests.Runtime;

/// <summary>
/// <see cref="ISymRunStore.QueryRunsAsync"/>'s default implementation (a scan of <see cref="ISymRunStore.ListRunsAsync"/>),
/// which a third-party store without its own index gets: it must give the indexed stores' answers, so it runs the store
/// contract's query checks through a store that does not implement the method.
/// </summary>
public sealed class RunQueryFallbackTests
{
    public static TheoryData<string> QueryChecks => new(SymStoreContract.GetCheckNames().Where(static n => n.StartsWith("QueryRunsAsync_", StringComparison.Ordinal)));

    [Fact]
    public void FlakyStore_DoesNotImplementQueryRunsAsync_SoTheDefaultServesIt()
    {
        InterfaceMapping map = typeof(FlakyStore).GetInterfaceMap(typeof(ISymRunStore));
        MethodInfo query = map.TargetMethods[Array.FindIndex(map.InterfaceMethods, static m => m.Name == nameof(ISymRunStore.QueryRunsAsync))];
        query.DeclaringType.Should().Be<ISymRunStore>();
    }

    [Theory]
    [MemberData(nameof(QueryChecks))]
    public Task QueryRunsAsync_StoreWithoutItsOwn_KeepsTheContract(string check) => new SymStoreContract(() => new FlakyStore()).RunAsync(check);
}
