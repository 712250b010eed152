using Sym.Sdk.Runtime;

namespace Sym.Sdk.Tests.Runtime;

public sealed class SymRunQueryTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    private static readonly User Requester = new() { Username = "req@example.com" };

    [Fact]
    public void Defaults_AreEveryRunAndAPageOf100()
    {
        var query = new SymRunQuery();
        (query.State, query.Requester, query.Limit, query.RequestedBefore, query.BeforeRunId)
            .Should().Be(((SymRunState?)null, (string?)null, 100, (DateTimeOffset?)null, (string?)null));
        SymRunQuery.DefaultLimit.Should().Be(100);
        SymRunQuery.MaxLimit.Should().Be(1000);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1001)]
    [InlineData(int.MaxValue)]
    public void Limit_OutOfRange_Throws(int limit)
    {
        Action act = () => _ = new SymRunQuery { Limit = limit };
        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("Limit");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(1000)]
    public void Limit_AtTheBounds_IsKept(int limit) => new SymRunQuery { Limit = limit }.Limit.Should().Be(limit);

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Requester_Blank_Throws(string requester)
    {
        Action act = () => _ = new SymRunQuery { Requester = requester };
        act.Should().Throw<ArgumentException>().WithParameterName("Requester");
    }

    [Fact]
    public void Matches_Requester_ComparesAsUserEqualityDoes()
    {
        SymRun run = Run("r1", T0, SymRunState.Pending);
        new SymRunQuery { Requester = "REQ@example.COM" }.Matches(run).Should().BeTrue();
        new SymRunQuery { Requester = "req@example.co" }.Matches(run).Should().BeFalse();
        (run.Requester == new User { Username = "REQ@example.COM" }).Should().BeTrue("the query agrees with User equality");
    }

    [Fact]
    public void Matches_State_FiltersByState()
    {
        SymRun run = Run("r1", T0, SymRunState.Active);
        new SymRunQuery { State = SymRunState.Active }.Matches(run).Should().BeTrue();
        new SymRunQuery { State = SymRunState.Pending }.Matches(run).Should().BeFalse();
    }

    [Theory]
    [InlineData(1, null, true)]
    [InlineData(0, null, false)]
    [InlineData(-1, null, false)]
    [InlineData(0, "r2", true)]
    [InlineData(0, "r1", false)]
    [InlineData(0, "r0", false)]
    [InlineData(1, "a", true)]
    [InlineData(-1, "zz", false)]
    public void Matches_Cursor_AdmitsOnlyRunsThatComeAfterIt(int cursorTicksAfterRun, string? beforeRunId, bool expected)
    {
        SymRun run = Run("r1", T0, SymRunState.Pending);
        new SymRunQuery { RequestedBefore = T0.AddTicks(cursorTicksAfterRun), BeforeRunId = beforeRunId }.Matches(run).Should().Be(expected);
    }

    [Fact]
    public void Matches_Cursor_ComparesInstantsWhateverTheirOffset()
    {
        SymRun run = Run("r1", T0.ToOffset(TimeSpan.FromHours(-5)), SymRunState.Pending);
        new SymRunQuery { RequestedBefore = T0.ToOffset(TimeSpan.FromHours(3)).AddTicks(1) }.Matches(run).Should().BeTrue();
        new SymRunQuery { RequestedBefore = T0.ToOffset(TimeSpan.FromHours(3)) }.Matches(run).Should().BeFalse();
    }

    [Fact]
    public void After_SetsTheCursorToTheRunAndKeepsTheRest()
    {
        var query = new SymRunQuery { Requester = "req@example.com", State = SymRunState.Active, Limit = 7 };
        SymRunQuery next = query.After(Run("r9", T0, SymRunState.Active));
        next.Should().Be(query with { RequestedBefore = T0, BeforeRunId = "r9" });
        query.RequestedBefore.Should().BeNull("a query is immutable");
    }

    [Fact]
    public void After_NullRun_Throws() =>
        ((Action)(() => new SymRunQuery().After(null!))).Should().Throw<ArgumentNullException>();

    [Fact]
    public void Matches_NullRun_Throws() =>
        ((Action)(() => new SymRunQuery().Matches(null!))).Should().Throw<ArgumentNullException>();

    [Fact]
    public async Task QueryRunsAsync_DefaultImplementation_KeepsTheNewestMatchesOfAScan()
    {
        var inner = new InMemorySymStore();
        ISymRunStore store = new ListOnlyStore(inner);
        for (int i = 0; i < 20; i++)
        {
            await store.TryCreateRunAsync(Run($"r{i:00}", T0.AddMinutes(i % 7), (SymRunState)(i % 3)));
        }

        var query = new SymRunQuery { State = SymRunState.Pending, Limit = 4, RequestedBefore = T0.AddMinutes(6), BeforeRunId = "r06" };
        List<string> viaDefault = await IdsAsync(store.QueryRunsAsync(query));
        List<string> viaIndex = await IdsAsync(inner.QueryRunsAsync(query));

        viaDefault.Should().Equal("r12", "r18", "r03", "r09").And.Equal(viaIndex);
    }

    [Fact]
    public async Task QueryRunsAsync_DefaultImplementation_RejectsBadQueriesAtTheCall()
    {
        ISymRunStore store = new ListOnlyStore(new InMemorySymStore());
        ((Action)(() => store.QueryRunsAsync(null!))).Should().Throw<ArgumentNullException>();
        ((Action)(() => store.QueryRunsAsync(new SymRunQuery { BeforeRunId = "r1" }))).Should().Throw<ArgumentException>().WithParameterName("query");
        (await IdsAsync(store.QueryRunsAsync(new SymRunQuery()))).Should().BeEmpty();
    }

    [Fact]
    public async Task QueryRunsAsync_DefaultImplementation_HonoursCancellation()
    {
        ISymRunStore store = new ListOnlyStore(new InMemorySymStore());
        await store.TryCreateRunAsync(Run("r1", T0, SymRunState.Pending));
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        Func<Task> act = async () => await IdsAsync(store.QueryRunsAsync(new SymRunQuery(), cts.Token));
        await act.Should().ThrowAsync<OperationCanceledException>();
    }

    private static SymRun Run(string id, DateTimeOffset requestedAt, SymRunState state) => new()
    {
        Id = id, Version = 1, Flow = "custom_access", Requester = Requester, RequestedAt = requestedAt, State = state,
    };

    private static async Task<List<string>> IdsAsync(IAsyncEnumerable<SymRun> runs)
    {
        var ids = new List<string>();
        await foreach (SymRun run in runs)
        {
            ids.Add(run.Id);
        }

        return ids;
    }

    /// <summary>A store written against the interface before QueryRunsAsync: it gets the default implementation.</summary>
    private sealed class ListOnlyStore(ISymRunStore inner) : ISymRunStore
    {
        public ValueTask<SymRun?> GetRunAsync(string runId, CancellationToken cancellationToken = default) => inner.GetRunAsync(runId, cancellationToken);

        public ValueTask<bool> CommitAsync(SymRunTransition transition, CancellationToken cancellationToken = default) =>
            inner.CommitAsync(transition, cancellationToken);

        public IAsyncEnumerable<SymRun> ListRunsAsync(SymRunState? state = null, CancellationToken cancellationToken = default) =>
            inner.ListRunsAsync(state, cancellationToken);
    }
}
