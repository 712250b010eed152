using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Sym.Sdk.Runtime;
using Sym.Sdk.Testing.Tests.Crash;

namespace Sym.Sdk.Tests.Runtime;

/// <summary>
/// A store shared by several processes may offer <see cref="ISymGrantLocks"/>: the engine then holds the store's lock on a
/// grant around each escalate and deescalate of it, so overlapping runs on different hosts never interleave their
/// strategy calls. A store without it is used as before.
/// </summary>
public sealed class GrantLockTests
{
    [Fact]
    public async Task EscalateAndDeescalate_StoreOffersGrantLocks_EachStrategyCallRunsHoldingTheGrantsLock()
    {
        var store = new LockingStore();
        using var h = Create(store);
        store.Strategy = h.Strategy;

        SymRun run = await h.ActiveRunAsync();
        await h.AdvanceAsync(TimeSpan.FromHours(1));

        (await h.RunAsync(run.Id)).State.Should().Be(SymRunState.Ended);
        string key = store.Events[0].Key;
        store.Events.Select(e => (e.What, e.Key, e.StrategyCallsSoFar)).Should().Equal(
            ("lock", key, 0), ("unlock", key, 1),   // escalate ran while the lock was held
            ("lock", key, 1), ("unlock", key, 2));  // and so did deescalate
        key.Should().Contain(EngineHarness.FlowName).And.Contain("prod").And.Contain(EngineHarness.Requester.Username.ToUpperInvariant());
    }

    [Fact]
    public async Task LockGrantAsync_OverlappingRunsOfOneGrant_ShareOneKeyAndOtherRequestersDoNot()
    {
        var store = new LockingStore();
        using var h = Create(store);
        store.Strategy = h.Strategy;

        await h.ActiveRunAsync();
        await h.ActiveRunAsync();
        SymRun other = await h.RequestAsync(new User { Username = "someone-else@example.com" });
        await h.Engine.ApproveAsync(other.Id, EngineHarness.Approver);

        string[] keys = [.. store.Events.Where(e => e.What == "lock").Select(e => e.Key)];
        keys.Should().HaveCount(3);
        keys[1].Should().Be(keys[0], "two runs of one requester, target and flow are one grant");
        keys[2].Should().NotBe(keys[0]);
    }

    [Fact]
    public async Task Escalate_StoreWithoutGrantLocks_GrantsAsBefore()
    {
        var store = new DelegatingStore();
        using var h = Create(store);

        SymRun run = await h.ActiveRunAsync();

        run.State.Should().Be(SymRunState.Active);
        h.Strategy.CountOf("escalate").Should().Be(1);
        (store is ISymGrantLocks).Should().BeFalse();
    }

    [Fact]
    public async Task Deescalate_AnotherHostRevokedWhileThisOneWaitedForTheGrantsLock_StrategyCalledOnce()
    {
        // Found by the multi-host PostgreSQL tests under load: host 2's revoke waits for the grant's lock while host 1, whose
        // guard timer fired, revokes and records it; host 2 then got the lock and revoked again from the run it read before.
        var store = new LockingStore();
        using var host1 = Create(store);
        using var host2 = Create(store);
        store.Strategy = host1.Strategy;
        SymRun run = await host1.ActiveRunAsync();
        store.OnLock = async () =>
        {
            store.OnLock = null;
            await host1.AdvanceAsync(TimeSpan.FromHours(2)); // host 1's DeescalateRetry guard fires and finishes the revocation
        };

        SymActionResult revoked = await host2.Engine.RevokeAsync(run.Id, EngineHarness.Admin, "racing the other host");

        host1.Strategy.CountOf("deescalate").Should().Be(1, "host 1 revoked the access");
        host2.Strategy.CountOf("deescalate").Should().Be(0, "host 2 found the run ended once it held the grant's lock");
        revoked.Run!.State.Should().Be(SymRunState.Ended);
        SymRun stored = await host1.RunAsync(run.Id);
        stored.State.Should().Be(SymRunState.Ended);
        stored.DeescalateType.Should().Be("revoke");
        (await store.Inner.GetTimersAsync(run.Id)).Should().BeEmpty("no guard is left behind");
        (await host1.AuditAsync()).Count(e => e.Step == "deescalate").Should().Be(1);
    }

    [Fact]
    public async Task Escalate_AnotherHostEndedTheRunWhileThisOneWaitedForTheGrantsLock_StrategyNotCalled()
    {
        var store = new LockingStore();
        using var host1 = Create(store);
        using var host2 = Create(store);
        store.Strategy = host2.Strategy;
        SymRun run = await host2.RequestAsync();
        store.OnLock = async () =>
        {
            store.OnLock = null;
            // Host 1 finds the approval's escalate interrupted (its lease lapsed) and revokes at the expiry, before host 2
            // holds the grant's lock.
            await host1.AdvanceAsync(TimeSpan.FromHours(2));
        };

        await host2.Engine.ApproveAsync(run.Id, EngineHarness.Approver);

        host2.Strategy.CountOf("escalate").Should().Be(0, "the run was no longer escalating once host 2 held the grant's lock");
        SymRun stored = await host1.RunAsync(run.Id);
        stored.IsFinal.Should().BeTrue();
        host1.Strategy.CountOf("escalate").Should().Be(0);
    }

    private static EngineHarness Create(DelegatingStore store) => EngineHarness.Create(services: s =>
    {
        s.AddSingleton(store.Inner);
        s.AddSingleton<ISymStore>(store);
    });

    /// <summary>A store that offers grant locks and records when each is taken and released, with the strategy calls made by then.</summary>
    private sealed class LockingStore : DelegatingStore, ISymGrantLocks
    {
        public RecordingStrategy? Strategy { get; set; }

        public ConcurrentQueue<(string What, string Key, int StrategyCallsSoFar)> Queue { get; } = new();

        public List<(string What, string Key, int StrategyCallsSoFar)> Events => [.. Queue];

        /// <summary>Runs once when a lock is asked for, before it is granted: what another host does meanwhile.</summary>
        public Func<Task>? OnLock { get; set; }

        public async ValueTask<IAsyncDisposable> LockGrantAsync(string grantKey, CancellationToken cancellationToken = default)
        {
            if (OnLock is { } meanwhile)
            {
                await meanwhile();
            }

            Queue.Enqueue(("lock", grantKey, Strategy!.Calls.Count));
            return new Releaser(this, grantKey);
        }

        private sealed class Releaser(LockingStore store, string key) : IAsyncDisposable
        {
            public ValueTask DisposeAsync()
            {
                store.Queue.Enqueue(("unlock", key, store.Strategy!.Calls.Count));
                return ValueTask.CompletedTask;
            }
        }
    }
}
