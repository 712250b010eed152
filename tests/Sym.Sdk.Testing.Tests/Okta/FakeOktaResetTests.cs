using Sym.Sdk.Integrations.Okta;
using Sym.Sdk.Runtime;
using Sym.Sdk.Strategies;
using Sym.Sdk.Testing.Okta;
using static Sym.Sdk.Testing.Tests.Harness.People;

namespace Sym.Sdk.Testing.Tests.Okta;

/// <summary>What <see cref="SymFlowHarness.Reset"/> does to a <see cref="FakeOkta"/>'s org: back as it was at Build.</summary>
public sealed class FakeOktaResetTests
{
    private const string AdminsId = "00gAdmins";
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    private readonly FakeOkta _okta = new();
    private readonly OktaUser _alice;
    private readonly OktaUser _bob;
    private readonly OktaGroup _admins;

    public FakeOktaResetTests()
    {
        _alice = _okta.AddUser(Alice.Email, id: "00uAlice");
        _bob = _okta.AddUser(Bob.Email, id: "00uBob");
        _admins = _okta.AddGroup("admins", AdminsId);
        _okta.AddMember(AdminsId, _bob.Id);
    }

    [Fact]
    public async Task Reset_AfterAStoryGrantedAndDidNotRevoke_TheMembershipIsGoneAndTheNextStoryGrantsAgain()
    {
        await using SymFlowHarness harness = NewOktaHarness();
        HarnessRun first = await harness.RequestAsync(Alice, target: "prod", duration: Hour, reason: "r");
        await first.ApproveAsync(Bob);
        first.State.Should().Be(SymRunState.Active);
        _okta.IsMember(AdminsId, _alice.Id).Should().BeTrue("the story granted access and never revoked it");

        harness.Reset();

        _okta.IsMember(AdminsId, _alice.Id).Should().BeFalse();
        _okta.MembersOf(AdminsId).Should().Equal(_bob.Id);
        HarnessRun second = await harness.RequestAsync(Alice, target: "prod", duration: Hour, reason: "r");
        await second.ApproveAsync(Bob);
        second.State.Should().Be(SymRunState.Active);
        harness.StrategyCalls.Should().ContainSingle(c => c.Step == "escalate")
            .Which.Output!.Outcome.Should().Be(StrategyOutcome.Applied, "alice was not a member at the start of this story");
    }

    [Fact]
    public async Task Reset_AfterAStoryChangedTheOrg_SeededUsersGroupsAndMembersAreBackAndTheStorysAreGone()
    {
        await using SymFlowHarness harness = NewOktaHarness();
        await _okta.RemoveUserFromGroupAsync(AdminsId, _bob.Id);
        OktaUser carol = _okta.AddUser("carol@example.com");
        OktaGroup extra = _okta.AddGroup("extra");
        _okta.AddMember(extra.Id, carol.Id);
        await _okta.AddUserToGroupAsync(AdminsId, carol.Id);

        harness.Reset();

        _okta.Users.Should().Equal(_alice, _bob);
        _okta.Groups.Should().Equal(_admins);
        _okta.MembersOf(AdminsId).Should().Equal(_bob.Id);
        _okta.MembersOf(extra.Id).Should().BeEmpty();
        (await _okta.FindUserByEmailAsync("carol@example.com")).Should().BeNull();
        Func<Task> listExtra = async () => await _okta.ListGroupMembersAsync(extra.Id).ToListAsync();
        await listExtra.Should().ThrowAsync<SymNotFoundException>().Where(e => e.ErrorCode == OktaErrorCodes.GroupNotFound);
        _okta.AddUser("carol@example.com").Id.Should().Be(carol.Id, "generated ids are handed out again as after the build");
    }

    [Fact]
    public async Task Reset_Twice_KeepsTheOrgAsAtBuildAndTheSnapshotIsNotSharedWithTheLiveOrg()
    {
        await using SymFlowHarness harness = NewOktaHarness();
        await _okta.AddUserToGroupAsync(AdminsId, _alice.Id);
        harness.Reset();
        harness.Reset();
        _okta.MembersOf(AdminsId).Should().Equal(_bob.Id);

        // The restored group's members are a fresh set: changing them must not reach the snapshot.
        await _okta.AddUserToGroupAsync(AdminsId, _alice.Id);
        await _okta.RemoveUserFromGroupAsync(AdminsId, _bob.Id);
        harness.Reset();

        _okta.MembersOf(AdminsId).Should().Equal(_bob.Id);
        _okta.Users.Should().Equal(_alice, _bob);
    }

    [Fact]
    public async Task Reset_UntouchedHarness_LeavesTheOrgAsBuiltAndClearsTheCalls()
    {
        await using SymFlowHarness harness = NewOktaHarness();
        (await _okta.IsUserInGroupAsync(AdminsId, _bob.Id)).Should().BeTrue();

        harness.Reset();

        _okta.Calls.Should().BeEmpty();
        _okta.Users.Should().Equal(_alice, _bob);
        _okta.Groups.Should().Equal(_admins);
        _okta.MembersOf(AdminsId).Should().Equal(_bob.Id);
    }

    [Fact]
    public async Task Reset_AMembershipRemovedAndAddedBackInTheStory_IsStillThere()
    {
        await using SymFlowHarness harness = NewOktaHarness();
        await _okta.RemoveUserFromGroupAsync(AdminsId, _bob.Id);
        await _okta.AddUserToGroupAsync(AdminsId, _bob.Id);
        await _okta.AddUserToGroupAsync(AdminsId, _alice.Id);
        await _okta.RemoveUserFromGroupAsync(AdminsId, _alice.Id);

        harness.Reset();

        _okta.MembersOf(AdminsId).Should().Equal(_bob.Id);
    }

    [Theory]
    [InlineData("AddUser")]
    [InlineData("AddUser(OktaUser)")]
    [InlineData("AddGroup")]
    [InlineData("AddMember")]
    [InlineData("AddUserToGroupAsync")]
    [InlineData("RemoveUserFromGroupAsync")]
    public async Task Reset_AStoryThatMadeOneChange_PutsTheOrgBackAsAtBuild(string change)
    {
        await using SymFlowHarness harness = NewOktaHarness();
        string atBuild = Describe(_okta);
        switch (change)
        {
            case "AddUser": _okta.AddUser("carol@example.com"); break;
            case "AddUser(OktaUser)": _okta.AddUser(new OktaUser { Id = "00uDave", Profile = new OktaUserProfile { Email = "d@example.com", Login = "d@example.com" } }); break;
            case "AddGroup": _okta.AddGroup("extra"); break;
            case "AddMember": _okta.AddMember(AdminsId, _alice.Id); break;
            case "AddUserToGroupAsync": await _okta.AddUserToGroupAsync(AdminsId, _alice.Id); break;
            case "RemoveUserFromGroupAsync": await _okta.RemoveUserFromGroupAsync(AdminsId, _bob.Id); break;
            default: throw new ArgumentOutOfRangeException(nameof(change));
        }

        Describe(_okta).Should().NotBe(atBuild, "the story changed the org");

        harness.Reset();

        Describe(_okta).Should().Be(atBuild);
    }

    private static string Describe(FakeOkta okta) =>
        string.Join(";", okta.Users.Select(static u => u.Id)) + " | "
        + string.Join(";", okta.Groups.Select(g => g.Id + "=" + string.Join(",", okta.MembersOf(g.Id))));

    private SymFlowHarness NewOktaHarness() =>
        SymFlowHarness.CreateBuilder()
            .AddFlow<Harness.GrantFlow, OktaGroupStrategy>(Harness.GrantFlow.Name, o =>
            {
                Harness.GrantFlow.Configure(o);
                o.Targets[0].Settings[OktaGroupStrategy.GroupIdSetting] = AdminsId;
            })
            .Use(_okta)
            .Build();
}
