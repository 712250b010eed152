using Sym.Sdk.Integrations.Okta;
using Sym.Sdk.Strategies;
using Sym.Sdk.Testing.Faults;
using Sym.Sdk.Testing.Okta;

namespace Sym.Sdk.Integrations.Tests.Okta;

public sealed class OktaGroupStrategyTests
{
    private readonly FakeOkta _okta = new();
    private readonly OktaUser _alice;
    private readonly OktaGroup _admins;
    private readonly OktaGroupStrategy _strategy;

    public OktaGroupStrategyTests()
    {
        _alice = _okta.AddUser("alice@example.com", "Alice", "Ng");
        _admins = _okta.AddGroup("prod-admins");
        _strategy = new OktaGroupStrategy(_okta);
    }

    private AccessTarget Target => OktaTestEvents.GroupTarget(_admins.Id);

    [Fact]
    public void IdentityService_IsOkta() => _strategy.IdentityService.Should().Be("okta");

    [Fact]
    public async Task FetchRemoteIdentityAsync_UserInOkta_ReturnsTheOktaUserId()
    {
        (await _strategy.FetchRemoteIdentityAsync(OktaTestEvents.Requester())).Should().Be(_alice.Id);
        (await _strategy.FetchRemoteIdentityAsync(OktaTestEvents.Requester("ghost@example.com"))).Should().BeNull();
    }

    [Fact]
    public async Task EscalateAsync_NotAMember_AddsTheRequesterAndRecordsTheGrant()
    {
        StrategyOutput? output = await _strategy.EscalateAsync("prod-admins", OktaTestEvents.Escalate(OktaTestEvents.Requester(), Target));

        output!.Outcome.Should().Be(StrategyOutcome.Applied);
        output.Data.Should().Equal(new Dictionary<string, string> { ["group_id"] = _admins.Id, ["okta_user_id"] = _alice.Id });
        _okta.IsMember(_admins.Id, _alice.Id).Should().BeTrue();
        _okta.Calls.Should().Equal("okta.FindUserByEmail alice@example.com", $"okta.AddUserToGroup {_admins.Id} {_alice.Id}");
    }

    [Fact]
    public async Task EscalateAsync_AlreadyAMember_ReturnsAlreadyGranted()
    {
        _okta.AddMember(_admins.Id, _alice.Id);

        StrategyOutput? output = await _strategy.EscalateAsync("prod-admins", OktaTestEvents.Escalate(OktaTestEvents.Requester(), Target));

        output.Should().Be(StrategyOutput.AlreadyGranted());
        _okta.MembersOf(_admins.Id).Should().Equal(_alice.Id);
    }

    [Fact]
    public async Task DeescalateAsync_Member_RemovesTheRequester()
    {
        _okta.AddMember(_admins.Id, _alice.Id);

        StrategyOutput? output = await _strategy.DeescalateAsync("prod-admins", OktaTestEvents.Deescalate(OktaTestEvents.Requester(), Target));

        output!.Outcome.Should().Be(StrategyOutcome.Applied);
        output.Message.Should().Be($"Removed Okta user {_alice.Id} from group {_admins.Id}.");
        _okta.IsMember(_admins.Id, _alice.Id).Should().BeFalse();
    }

    [Fact]
    public async Task DeescalateAsync_NotAMember_ReturnsAlreadyRevoked()
    {
        StrategyOutput? output = await _strategy.DeescalateAsync("prod-admins", OktaTestEvents.Deescalate(OktaTestEvents.Requester(), Target));

        output.Should().Be(StrategyOutput.AlreadyRevoked());
        _okta.Calls.Should().Contain($"okta.RemoveUserFromGroup {_admins.Id} {_alice.Id}");
    }

    [Fact]
    public async Task EscalateThenDeescalate_Twice_IsIdempotentBothWays()
    {
        Event escalate = OktaTestEvents.Escalate(OktaTestEvents.Requester(), Target);
        Event deescalate = OktaTestEvents.Deescalate(OktaTestEvents.Requester(), Target);

        (await _strategy.EscalateAsync("prod-admins", escalate))!.IsNoOp.Should().BeFalse();
        (await _strategy.EscalateAsync("prod-admins", escalate))!.IsNoOp.Should().BeTrue();
        (await _strategy.DeescalateAsync("prod-admins", deescalate))!.IsNoOp.Should().BeFalse();
        (await _strategy.DeescalateAsync("prod-admins", deescalate))!.IsNoOp.Should().BeTrue();
        _okta.MembersOf(_admins.Id).Should().BeEmpty();
    }

    [Fact]
    public async Task EscalateAsync_OktaFailsMidway_ChangesNothingAndARetrySucceeds()
    {
        _okta.Faults.FailNext(1, "okta.AddUserToGroup");
        Event escalate = OktaTestEvents.Escalate(OktaTestEvents.Requester(), Target);

        Func<Task> act = async () => await _strategy.EscalateAsync("prod-admins", escalate);

        (await act.Should().ThrowAsync<InjectedFaultException>()).Which.Operation.Should().Be("okta.AddUserToGroup");
        _okta.Calls.Should().StartWith("okta.FindUserByEmail alice@example.com", "the identity was resolved before the failure");
        _okta.IsMember(_admins.Id, _alice.Id).Should().BeFalse();

        (await _strategy.EscalateAsync("prod-admins", escalate))!.Outcome.Should().Be(StrategyOutcome.Applied);
        _okta.IsMember(_admins.Id, _alice.Id).Should().BeTrue();
    }

    [Fact]
    public async Task DeescalateAsync_OktaRateLimitsMidway_PropagatesTheErrorAndKeepsTheMembership()
    {
        _okta.AddMember(_admins.Id, _alice.Id);
        _okta.Faults.FailNext(1, "okta.RemoveUserFromGroup",
            _ => new SymRateLimitedException(OktaErrorCodes.RateLimited, "Okta throttled the call.", TimeSpan.FromSeconds(30)));

        Func<Task> act = async () => await _strategy.DeescalateAsync("prod-admins", OktaTestEvents.Deescalate(OktaTestEvents.Requester(), Target));

        (await act.Should().ThrowAsync<SymRateLimitedException>()).Which.RetryAfter.Should().Be(TimeSpan.FromSeconds(30));
        _okta.IsMember(_admins.Id, _alice.Id).Should().BeTrue("the engine will retry the deescalate");
    }

    [Fact]
    public async Task EscalateAsync_RequesterNotInOkta_ThrowsIdentityNotFoundAndChangesNothing()
    {
        Func<Task> act = async () => await _strategy.EscalateAsync("prod-admins",
            OktaTestEvents.Escalate(OktaTestEvents.Requester("ghost@example.com"), Target));

        IdentityNotFoundException error = (await act.Should().ThrowAsync<IdentityNotFoundException>()).Which;
        error.ErrorCode.Should().Be(SymErrorCodes.IdentityNotFound);
        error.Service.Should().Be("okta");
        _okta.MembersOf(_admins.Id).Should().BeEmpty();
    }

    [Fact]
    public async Task DeescalateAsync_RequesterNotInOkta_ReturnsAlreadyRevoked()
    {
        StrategyOutput? output = await _strategy.DeescalateAsync("prod-admins",
            OktaTestEvents.Deescalate(OktaTestEvents.Requester("ghost@example.com"), Target));

        output.Should().Be(StrategyOutput.AlreadyRevoked());
    }

    [Fact]
    public async Task DeescalateAsync_StoredIdentityOfADeletedOktaUser_ReturnsAlreadyRevoked()
    {
        User requester = OktaTestEvents.Requester().WithIdentity(new UserIdentity { Service = "okta", UserId = "00uDeleted" });

        StrategyOutput? output = await _strategy.DeescalateAsync("prod-admins", OktaTestEvents.Deescalate(requester, Target));

        output.Should().Be(StrategyOutput.AlreadyRevoked());
    }

    [Fact]
    public async Task EscalateAsync_StoredOktaIdentity_IsUsedWithoutASearch()
    {
        User requester = OktaTestEvents.Requester("alias@example.com").WithIdentity(new UserIdentity { Service = "okta", UserId = _alice.Id });

        await _strategy.EscalateAsync("prod-admins", OktaTestEvents.Escalate(requester, Target));

        _okta.Calls.Should().Equal($"okta.AddUserToGroup {_admins.Id} {_alice.Id}");
        _okta.IsMember(_admins.Id, _alice.Id).Should().BeTrue();
    }

    [Fact]
    public async Task EscalateAsync_TargetWithoutGroupId_ThrowsMissingSettingAndCallsNothing()
    {
        Func<Task> act = async () => await _strategy.EscalateAsync("prod-admins",
            OktaTestEvents.Escalate(OktaTestEvents.Requester(), OktaTestEvents.GroupTarget(groupId: null)));

        (await act.Should().ThrowAsync<SymException>()).Which.ErrorCode.Should().Be(SymErrorCodes.MissingTargetSetting);
        _okta.Calls.Should().BeEmpty();
    }

    [Fact]
    public async Task EscalateAsync_EventWithoutTarget_ThrowsMissingTarget()
    {
        Func<Task> act = async () => await _strategy.EscalateAsync("prod-admins", OktaTestEvents.Escalate(OktaTestEvents.Requester(), target: null));

        (await act.Should().ThrowAsync<SymException>()).Which.ErrorCode.Should().Be(SymErrorCodes.MissingTarget);
        _okta.Calls.Should().BeEmpty();
    }

    [Fact]
    public async Task EscalateAsync_GroupMissingInOkta_ThrowsGroupNotFound()
    {
        Func<Task> act = async () => await _strategy.EscalateAsync("prod-admins",
            OktaTestEvents.Escalate(OktaTestEvents.Requester(), OktaTestEvents.GroupTarget("00gMissing")));

        (await act.Should().ThrowAsync<SymNotFoundException>()).Which.ErrorCode.Should().Be(OktaErrorCodes.GroupNotFound);
    }

    [Fact]
    public async Task EscalateAsync_RealClientOverHttp_GrantsThroughTheSameContract()
    {
        using OktaClientHost host = OktaClientHost.Create();
        host.Http.On(HttpMethod.Get, "/api/v1/users").RespondJson(OktaJson.Array(OktaJson.User("00u1", "alice@example.com")));
        host.Http.On(HttpMethod.Get, "/api/v1/users/00u1/groups").RespondJson("[]");
        host.Http.On(HttpMethod.Put, "/api/v1/groups/00g1/users/00u1").Respond(System.Net.HttpStatusCode.NoContent);
        var strategy = new OktaGroupStrategy(host.Client);

        StrategyOutput? output = await strategy.EscalateAsync("prod-admins", OktaTestEvents.Escalate(OktaTestEvents.Requester(), OktaTestEvents.GroupTarget("00g1")));

        output!.Outcome.Should().Be(StrategyOutcome.Applied);
        host.Http.RequestsTo(HttpMethod.Put, "/api/v1/groups/00g1/users/00u1").Should().ContainSingle();
    }
}
