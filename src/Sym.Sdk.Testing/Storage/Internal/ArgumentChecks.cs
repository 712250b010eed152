using Sym.Sdk.Runtime;
using static Sym.Sdk.Testing.Storage.Internal.ContractSamples;

namespace Sym.Sdk.Testing.Storage.Internal;

/// <summary>Arguments validated at the boundary: null where a value is required throws <see cref="ArgumentNullException"/>.</summary>
internal static class ArgumentChecks
{
    public static IEnumerable<StoreCheck> All =>
    [
        StoreCheck.Of(EveryMethod_NullArgument_ThrowsArgumentNullException),
    ];

    private static async Task EveryMethod_NullArgument_ThrowsArgumentNullException(CheckContext c)
    {
        ISymStore s = c.Store;
        CancellationToken ct = c.CancellationToken;
        SymOutboxMessage message = Message("m1", "r1");
        (string Call, Func<Task> Act)[] calls =
        [
            ("GetRunAsync(null)", async () => await s.GetRunAsync(null!, ct).ConfigureAwait(false)),
            ("CommitAsync(null)", async () => await s.CommitAsync(null!, ct).ConfigureAwait(false)),
            ("QueryRunsAsync(null)", async () => await CheckContext.ToListAsync(s.QueryRunsAsync(null!, ct)).ConfigureAwait(false)),
            ("QueryAuditAsync(null)", async () => await CheckContext.ToListAsync(s.QueryAuditAsync(null!, ct)).ConfigureAwait(false)),
            ("GetIdentityAsync(null, service)", async () => await s.GetIdentityAsync(null!, "okta", ct).ConfigureAwait(false)),
            ("GetIdentityAsync(user, null)", async () => await s.GetIdentityAsync(Requester, null!, ct).ConfigureAwait(false)),
            ("SaveIdentityAsync(null, identity)", async () => await s.SaveIdentityAsync(null!, new UserIdentity { Service = "okta" }, ct).ConfigureAwait(false)),
            ("SaveIdentityAsync(user, null)", async () => await s.SaveIdentityAsync(Requester, null!, ct).ConfigureAwait(false)),
            ("CompleteTimerAsync(null)", async () => await s.CompleteTimerAsync(null!, ct).ConfigureAwait(false)),
            ("GetTimersAsync(null)", async () => await s.GetTimersAsync(null!, ct).ConfigureAwait(false)),
            ("CompleteMessageAsync(null)", async () => await s.CompleteMessageAsync(null!, ct).ConfigureAwait(false)),
            ("RetryMessageAsync(null, due, error)", async () => await s.RetryMessageAsync(null!, T0, "error", ct).ConfigureAwait(false)),
            ("RetryMessageAsync(message, due, null)", async () => await s.RetryMessageAsync(message, T0, null!, ct).ConfigureAwait(false)),
            ("TryAddInboxItemAsync(null, now, lease)", async () => await s.TryAddInboxItemAsync(null!, T0, Lease, ct).ConfigureAwait(false)),
            ("CompleteInboxItemAsync(null, processedAt)", async () => await s.CompleteInboxItemAsync(null!, T0, ct).ConfigureAwait(false)),
        ];
        foreach ((string call, Func<Task> act) in calls)
        {
            await Expect.ThrowsAsync<ArgumentNullException>(act, call).ConfigureAwait(false);
        }
    }
}
