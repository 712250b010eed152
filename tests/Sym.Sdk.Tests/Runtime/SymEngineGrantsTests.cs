using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using Sym.Sdk.Runtime;
using Sym.Sdk.Testing.Tests.Crash;

namespace Sym.Sdk.Tests.Runtime;

/// <summary>Overlapping grants (SymEngine.Grants.cs): one requester's runs for one target share one access.</summary>
public sealed class SymEngineGrantsTests
{
    [Fact]
    public async Task Deescalate_CoveringRunRecordsItsGrantWhileTheCheckReads_AccessIsKept()
    {
        // Found by the host's kill-under-load test: the run of the same grant that escalated just before has left the
        // strategy (the grant's lock is free) but its Escalating → Active commit lands while the expiring run's check reads
        // the store. Whatever state it is read in, it covers the access.
        var store = new ActivationGateStore();
        using var h = EngineHarness.Create(services: s => s.AddSingleton<ISymStore>(store));
        SymRun first = await h.ActiveRunAsync();
        h.Time.Advance(TimeSpan.FromMinutes(10));
        SymRun second = await h.RequestAsync();
        store.HoldActivationOf = second.Id;
        Task<SymActionResult> approving = Task.Run(async () => await h.Engine.ApproveAsync(second.Id, EngineHarness.Approver));
        await store.ActivationHeld.WaitAsync(TimeSpan.FromSeconds(30));

        await h.AdvanceAsync(TimeSpan.FromMinutes(50)); // the first run expires
        SymActionResult approved = await approving.WaitAsync(TimeSpan.FromSeconds(30));

        store.CheckInterleaved.Should().BeTrue("the second run's grant was recorded between the check's reads");
        approved.Run!.State.Should().Be(SymRunState.Active);
        SymRun expired = await h.RunAsync(first.Id);
        expired.State.Should().Be(SymRunState.Ended);
        expired.Outputs["deescalate"].IsNoOp.Should().BeTrue();
        expired.Outputs["deescalate"].Message.Should().Contain(second.Id);
        h.Strategy.CountOf("deescalate").Should().Be(0, "the second run still grants the access");
    }

    /// <summary>
    /// Holds one run's commit into Active until a covering check (a query of the requester's runs in a covering state) has
    /// read once, then lets it land before the check's next read.
    /// </summary>
    private sealed class ActivationGateStore : DelegatingStore
    {
        private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _landed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string? HoldActivationOf { get; set; }

        public Task ActivationHeld => _held.Task;

        public bool CheckInterleaved { get; private set; }

        public override async ValueTask<bool> CommitAsync(SymRunTransition transition, CancellationToken cancellationToken = default)
        {
            bool held = transition.Run is { State: SymRunState.Active } run && run.Id == HoldActivationOf && !_landed.Task.IsCompleted;
            if (held)
            {
                _held.TrySetResult();
                await _release.Task;
            }

            bool committed = await Inner.CommitAsync(transition, cancellationToken);
            if (held)
            {
                _landed.TrySetResult();
            }

            return committed;
        }

        public override async IAsyncEnumerable<SymRun> QueryRunsAsync(SymRunQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var page = new List<SymRun>();
            await foreach (SymRun run in Inner.QueryRunsAsync(query, cancellationToken))
            {
                page.Add(run);
            }

            if (query.State is SymRunState.Active or SymRunState.Escalating && _held.Task.IsCompleted && !_release.Task.IsCompleted)
            {
                _release.TrySetResult();
                await _landed.Task;
                CheckInterleaved = true;
            }

            foreach (SymRun run in page)
            {
                yield return run;
            }
        }
    }
}
