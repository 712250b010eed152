using Sym.Sdk.Runtime;

namespace Sym.Sdk.Hosting.Tests.Storage;

/// <summary>The four store abstractions of one store instance.</summary>
internal sealed record StoreUnderTest(ISymRunStore Runs, ISymAuditLog Audit, ISymIdentityStore Identities, ISymTimerStore Timers)
{
    public static StoreUnderTest Of<T>(T store)
        where T : ISymRunStore, ISymAuditLog, ISymIdentityStore, ISymTimerStore =>
        new(store, store, store, store);
}
