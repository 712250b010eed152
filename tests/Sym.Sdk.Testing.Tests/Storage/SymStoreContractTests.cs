using Sym.Sdk.Runtime;
using Sym.Sdk.Testing.Storage;

namespace Sym.Sdk.Testing.Tests.Storage;

/// <summary>
/// The contract itself: it passes the reference store, and each of its checks can fail — a store that breaks one rule
/// fails the checks of that rule, with a message naming the check and what the store did.
/// </summary>
public sealed class SymStoreContractTests
{
    [Fact]
    public async Task VerifyAsync_InMemoryStoreReopenedAsItself_PassesEveryCheckIncludingTheRestartOnes()
    {
        // An in-memory store "reopened" as the same instance keeps everything, as a durable store must.
        var contract = new SymStoreContract(() => new InMemorySymStore(), closed => closed);
        contract.IsDurable.Should().BeTrue();
        await contract.VerifyAsync();
    }

    [Fact]
    public void GetCheckNames_Durable_AddsTheRestartChecksToTheChecksEveryStorePasses()
    {
        IReadOnlyList<string> every = SymStoreContract.GetCheckNames();
        IReadOnlyList<string> durable = SymStoreContract.GetCheckNames(durable: true);

        every.Should().OnlyHaveUniqueItems().And.HaveCountGreaterThan(70);
        durable.Should().OnlyHaveUniqueItems().And.Contain(every);
        durable.Except(every).Should().NotBeEmpty().And.OnlyContain(name => name.StartsWith("Reopen_", StringComparison.Ordinal));
        durable.Should().OnlyContain(name => name.Split('_').Length == 3, "names read Method_Scenario_Expectation");
    }

    public static TheoryData<string, string, string> BrokenRules => new()
    {
        { "ConflictsAppendAudit", "CommitAsync_UpdateFromAStaleVersion_ConflictsAndWritesNothing", "the run's audit entries: expected none, but the store gave 2" },
        { "ConflictsAppendAudit", "CommitAsync_CreateExistingRun_ConflictsAndWritesNothing", "the run's audit entries" },
        { "ConflictsAppendAudit", "CommitAsync_ManyConcurrentCommitsOfOneVersion_ExactlyOneWinsAndOnlyItWrites", "audit entries (only the winners')" },
        { "CompletesTimersWithoutTheirToken", "ClaimDueTimersAsync_LapsedClaim_IsClaimedAgainWithANewToken", "its token is stale" },
        { "IdentitiesKeyedExactly", "GetIdentityAsync_UserAndServiceInAnotherCase_FindsTheSavedIdentity", "expected value.Email = \"a@okta.example\", but read value = null" },
        { "InboxAcceptsDuplicates", "TryAddInboxItemAsync_DuplicateId_IsRefusedUntilPurged", "adding i1 again while it is unprocessed: expected null" },
        { "InboxAcceptsDuplicates", "TryAddInboxItemAsync_ConcurrentDuplicates_ExactlyOneIsAdded", "expected 1, but the store gave 8" },
        { "LosesMessageUpdates", "CommitAsync_MessagesOfEveryKind_ReadBackEveryMember", "pending message update does not read back as written: expected value.Update.Actor" },
        { "LosesRunActors", "CommitAsync_CreateFullRun_ReadsBackEveryMember", "a run with every member set does not read back as written: expected value.Actors.Keys = [approve, request], but read value.Actors.Count = 0" },
        { "ThrowsOnRead", "GetRunAsync_NoSuchRun_ReturnsNull", "the store threw IOException: the disk went away" },
    };

    [Theory]
    [MemberData(nameof(BrokenRules))]
    public async Task RunAsync_StoreBreakingARule_FailsTheCheckNamingItAndWhatTheStoreDid(string store, string check, string message)
    {
        var contract = new SymStoreContract(() => BrokenStores.Create(store));
        SymHarnessException failure = (await FluentActions.Awaiting(() => contract.RunAsync(check)).Should().ThrowAsync<SymHarnessException>()).Which;
        failure.Message.Should().StartWith(check + ": ").And.Contain(message);
    }

    [Fact]
    public async Task RunAsync_StoreThrows_KeepsItsExceptionAsTheCause()
    {
        var contract = new SymStoreContract(() => BrokenStores.Create("ThrowsOnRead"));
        SymHarnessException failure = (await FluentActions.Awaiting(() => contract.RunAsync("GetRunAsync_NoSuchRun_ReturnsNull"))
            .Should().ThrowAsync<SymHarnessException>()).Which;
        failure.InnerException.Should().BeOfType<IOException>();
    }

    [Fact]
    public async Task VerifyAsync_StoreBreakingARule_ReportsEveryFailedCheckTogether()
    {
        var contract = new SymStoreContract(() => BrokenStores.Create("ConflictsAppendAudit"));
        SymHarnessException failure = (await FluentActions.Awaiting(() => contract.VerifyAsync()).Should().ThrowAsync<SymHarnessException>()).Which;

        AggregateException all = failure.InnerException.Should().BeOfType<AggregateException>().Subject;
        all.InnerExceptions.Should().HaveCountGreaterThanOrEqualTo(4).And.AllBeOfType<SymHarnessException>();
        failure.Message.Should().StartWith($"{all.InnerExceptions.Count} of {SymStoreContract.GetCheckNames().Count} store contract checks failed:")
            .And.Contain("- CommitAsync_CreateExistingRun_ConflictsAndWritesNothing: ")
            .And.Contain("- CommitAsync_UpdateFromAStaleVersion_ConflictsAndWritesNothing: ")
            .And.Contain("- CommitAsync_CheckOnlyAgainstAStaleVersion_ConflictsAndWritesNothing: ")
            .And.NotContain("GetRunAsync_NoSuchRun_ReturnsNull");
    }

    [Fact]
    public async Task RunAsync_StoreForgetsEverythingOnReopen_FailsTheRestartChecks()
    {
        var contract = new SymStoreContract(() => new InMemorySymStore(), _ => new InMemorySymStore());
        foreach (string check in SymStoreContract.GetCheckNames(durable: true).Except(SymStoreContract.GetCheckNames()))
        {
            (await FluentActions.Awaiting(() => contract.RunAsync(check)).Should().ThrowAsync<SymHarnessException>(check))
                .Which.Message.Should().StartWith(check);
        }
    }

    [Fact]
    public async Task RunAsync_DisposableStore_IsDisposedAfterTheCheckAndBeforeItIsReopened()
    {
        var events = new List<string>();
        int opened = 0;
        var contract = new SymStoreContract(
            () => new DisposableStore(events, ++opened),
            closed =>
            {
                events.Add($"reopen {((DisposableStore)closed).Number}");
                return new DisposableStore(events, ++opened) { Inner = ((DisposableStore)closed).Inner };
            });

        await contract.RunAsync("Reopen_AfterCommits_ReadsEverythingBack");

        events.Should().Equal("dispose 1", "reopen 1", "dispose 2");
    }

    [Fact]
    public async Task RunAsync_AsyncFactories_AreUsedWithTheCallersToken()
    {
        using var cts = new CancellationTokenSource();
        var tokens = new List<CancellationToken>();
        var contract = new SymStoreContract(
            ct =>
            {
                tokens.Add(ct);
                return ValueTask.FromResult<ISymStore>(new InMemorySymStore());
            },
            (closed, ct) =>
            {
                tokens.Add(ct);
                return ValueTask.FromResult(closed);
            });

        await contract.RunAsync("Reopen_ClaimsHeldBeforeTheRestart_HoldUntilTheirLeaseEndsThenAreTakenOver", cts.Token);

        tokens.Should().Equal(cts.Token, cts.Token);
    }

    [Fact]
    public async Task RunAsync_UnknownCheck_ThrowsArgumentException() =>
        (await FluentActions.Awaiting(() => new SymStoreContract(() => new InMemorySymStore()).RunAsync("NoSuchCheck"))
            .Should().ThrowAsync<ArgumentException>()).WithParameterName("check").And.Message.Should().Contain("GetCheckNames");

    [Fact]
    public async Task RunAsync_RestartCheckWithoutReopen_ThrowsInvalidOperationException() =>
        (await FluentActions.Awaiting(() => new SymStoreContract(() => new InMemorySymStore()).RunAsync("Reopen_AfterCommits_ReadsEverythingBack"))
            .Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain("reopenStore");

    [Fact]
    public async Task RunAsync_FactoryFails_FailsNamingTheCheck()
    {
        var nulls = new SymStoreContract(() => null!);
        (await FluentActions.Awaiting(() => nulls.RunAsync("GetRunAsync_NoSuchRun_ReturnsNull")).Should().ThrowAsync<SymHarnessException>())
            .Which.Message.Should().Be("GetRunAsync_NoSuchRun_ReturnsNull: the store factory returned null.");
        var throws = new SymStoreContract(() => throw new FileNotFoundException("no database"));
        (await FluentActions.Awaiting(() => throws.RunAsync("GetRunAsync_NoSuchRun_ReturnsNull")).Should().ThrowAsync<SymHarnessException>())
            .Which.InnerException.Should().BeOfType<FileNotFoundException>();
    }

    [Fact]
    public void Constructors_NullFactories_Throw()
    {
        FluentActions.Invoking(() => new SymStoreContract((Func<ISymStore>)null!)).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => new SymStoreContract(() => new InMemorySymStore(), (Func<ISymStore, ISymStore>)null!)).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => new SymStoreContract((Func<CancellationToken, ValueTask<ISymStore>>)null!)).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => new SymStoreContract(_ => ValueTask.FromResult<ISymStore>(new InMemorySymStore()), null!)).Should().Throw<ArgumentNullException>();
    }

    private sealed class DisposableStore(List<string> events, int number) : DelegatingStore, IDisposable
    {
        public int Number => number;

        public void Dispose() => events.Add($"dispose {number}");
    }
}
