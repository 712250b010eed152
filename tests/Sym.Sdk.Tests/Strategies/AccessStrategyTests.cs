using Sym.Sdk.Strategies;
using Sym.Sdk.Templates;

namespace Sym.Sdk.Tests.Strategies;

public sealed class AccessStrategyTests
{
    [Fact]
    public async Task GetRequesterIdentity_IdentityOnUser_ReturnsItWithoutFetching()
    {
        var strategy = new RecordingStrategy(remote: "remote-id");
        User requester = TestEvents.Requester.WithIdentity(new UserIdentity { Service = "okta", UserId = "00u-known" });

        string id = await strategy.GetRequesterIdentityAsync(TestEvents.Create("escalate", requester));

        id.Should().Be("00u-known");
        strategy.Fetches.Should().BeEmpty();
    }

    [Fact]
    public async Task GetRequesterIdentity_IdentityInStore_ReturnsItWithoutFetching()
    {
        var store = new FakeIdentityStore();
        store.Saved[("req@acme.com", "okta")] = new UserIdentity { Service = "okta", Email = "req@okta.acme.com" };
        var strategy = new RecordingStrategy(remote: "remote-id") { Store = store };

        string id = await strategy.GetRequesterIdentityAsync(TestEvents.Create("escalate"));

        id.Should().Be("req@okta.acme.com");
        strategy.Fetches.Should().BeEmpty();
        store.Saves.Should().Be(0);
    }

    [Fact]
    public async Task GetRequesterIdentity_NothingStored_FetchesAndPersists()
    {
        var store = new FakeIdentityStore();
        var strategy = new RecordingStrategy(remote: "00u-fetched") { Store = store };

        string first = await strategy.GetRequesterIdentityAsync(TestEvents.Create("escalate"));
        string second = await strategy.GetRequesterIdentityAsync(TestEvents.Create("deescalate"));

        first.Should().Be("00u-fetched");
        second.Should().Be("00u-fetched");
        strategy.Fetches.Should().ContainSingle("the fetched identity is persisted and read back the second time");
        store.Saves.Should().Be(1);
        UserIdentity saved = store.Saved[("req@acme.com", "okta")];
        saved.Service.Should().Be("okta");
        saved.UserId.Should().Be("00u-fetched");
    }

    [Fact]
    public async Task GetRequesterIdentity_StoredIdentityWithoutValue_Fetches()
    {
        User requester = TestEvents.Requester.WithIdentity(new UserIdentity { Service = "okta" });
        var strategy = new RecordingStrategy(remote: "00u-fetched");

        (await strategy.GetRequesterIdentityAsync(TestEvents.Create("escalate", requester))).Should().Be("00u-fetched");
        strategy.Fetches.Should().ContainSingle();
    }

    [Fact]
    public async Task GetRequesterIdentity_UsesRequestActor_NotTheApprover()
    {
        var strategy = new RecordingStrategy(remote: "x");
        Event evt = TestEvents.Create("escalate", TestEvents.Approver,
            actors: new Dictionary<string, User> { ["request"] = TestEvents.Requester });

        await strategy.GetRequesterIdentityAsync(evt);

        strategy.Fetches.Should().Equal(TestEvents.Requester);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public async Task GetRequesterIdentity_RemoteHasNone_ThrowsIdentityNotFound(string? remote)
    {
        var store = new FakeIdentityStore();
        var strategy = new RecordingStrategy(remote) { Store = store };

        Func<Task> act = async () => await strategy.GetRequesterIdentityAsync(TestEvents.Create("escalate"));

        IdentityNotFoundException ex = (await act.Should().ThrowAsync<IdentityNotFoundException>()).Which;
        ex.ErrorCode.Should().Be(SymErrorCodes.IdentityNotFound);
        ex.ErrorCode.Should().Be(IdentityNotFoundException.Code);
        ex.Username.Should().Be("req@acme.com");
        ex.Service.Should().Be("okta");
        ex.Message.Should().Contain("okta").And.Contain("req@acme.com");
        ex.Hint.Should().NotBeNullOrEmpty();
        ex.Should().BeAssignableTo<SymNotFoundException>();
        store.Saves.Should().Be(0, "nothing is persisted for a failed lookup");
    }

    [Fact]
    public async Task GetRequesterIdentity_PassesCancellationToken()
    {
        using var cts = new CancellationTokenSource();
        var strategy = new RecordingStrategy(remote: "x");

        await strategy.GetRequesterIdentityAsync(TestEvents.Create("escalate"), cts.Token);

        strategy.Tokens.Should().Equal(cts.Token);
    }

    [Fact]
    public async Task GetRequesterIdentity_NullEvent_Throws()
    {
        Func<Task> act = async () => await new RecordingStrategy("x").GetRequesterIdentityAsync(null!);

        await act.Should().ThrowAsync<ArgumentNullException>();
    }

    [Fact]
    public void IdentityService_DefaultsToCustom()
    {
        new DefaultServiceStrategy().IdentityService.Should().Be("custom");
    }

    [Fact]
    public void GetStepOutput_ReadsEscalateOutputInDeescalate()
    {
        StrategyOutput escalated = StrategyOutput.Applied(new Dictionary<string, string> { ["grant_id"] = "g-1" }, "added to group");
        Event evt = TestEvents.Create("deescalate", outputs: new Dictionary<string, StrategyOutput> { ["escalate"] = escalated });

        RecordingStrategy.ReadOutput(evt, ApprovalTemplateStep.Escalate).Should().BeSameAs(escalated);
        RecordingStrategy.ReadOutput(evt, ApprovalTemplateStep.Escalate)!.Data["grant_id"].Should().Be("g-1");
        RecordingStrategy.ReadOutput(evt, ApprovalTemplateStep.Deescalate).Should().BeNull();
        ((Action)(() => RecordingStrategy.ReadOutput(null!, ApprovalTemplateStep.Escalate))).Should().Throw<ArgumentNullException>();
    }

    [Fact]
    public void StrategyOutput_Factories_DescribeOutcome()
    {
        StrategyOutput.Applied().Outcome.Should().Be(StrategyOutcome.Applied);
        StrategyOutput.Applied().IsNoOp.Should().BeFalse();
        StrategyOutput.AlreadyGranted().IsNoOp.Should().BeTrue();
        StrategyOutput.AlreadyGranted().Message.Should().Be("already granted");
        StrategyOutput.AlreadyRevoked().Message.Should().Be("already revoked");
        StrategyOutput.NoOp("member already").Outcome.Should().Be(StrategyOutcome.NoOp);
        ((Action)(() => StrategyOutput.NoOp(" "))).Should().Throw<ArgumentException>();
        ((Action)(() => StrategyOutput.Applied(null!))).Should().Throw<ArgumentNullException>();
    }

    private sealed class RecordingStrategy(string? remote) : AccessStrategy
    {
        public List<User> Fetches { get; } = [];

        public List<CancellationToken> Tokens { get; } = [];

        public override string IdentityService => "okta";

        public IStrategyIdentityStore? Store
        {
            get => IdentityStore;
            init => IdentityStore = value;
        }

        public static StrategyOutput? ReadOutput(Event evt, ApprovalTemplateStep step) => GetStepOutput(evt, step);

        public override ValueTask<string?> FetchRemoteIdentityAsync(User user, CancellationToken cancellationToken = default)
        {
            Fetches.Add(user);
            Tokens.Add(cancellationToken);
            return new(remote);
        }

        public override ValueTask<StrategyOutput?> EscalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default) =>
            new(StrategyOutput.Applied());

        public override ValueTask<StrategyOutput?> DeescalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default) =>
            new(StrategyOutput.AlreadyRevoked());
    }

    private sealed class DefaultServiceStrategy : AccessStrategy
    {
        public override ValueTask<string?> FetchRemoteIdentityAsync(User user, CancellationToken cancellationToken = default) => new((string?)null);

        public override ValueTask<StrategyOutput?> EscalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default) => default;

        public override ValueTask<StrategyOutput?> DeescalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default) => default;
    }

    private sealed class FakeIdentityStore : IStrategyIdentityStore
    {
        public Dictionary<(string Username, string Service), UserIdentity> Saved { get; } = [];

        public int Saves { get; private set; }

        public ValueTask<UserIdentity?> GetIdentityAsync(Event evt, User user, string service, CancellationToken cancellationToken) =>
            new(Saved.GetValueOrDefault((user.Username, service)));

        public ValueTask SaveIdentityAsync(Event evt, User user, UserIdentity identity, CancellationToken cancellationToken)
        {
            Saves++;
            Saved[(user.Username, identity.Service)] = identity;
            return default;
        }
    }
}
