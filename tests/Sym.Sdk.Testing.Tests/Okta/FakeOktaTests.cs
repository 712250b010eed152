using System.Text.Json;
using Sym.Sdk.Integrations.Okta;
using Sym.Sdk.Testing.Faults;
using Sym.Sdk.Testing.Harness.Internal;
using Sym.Sdk.Testing.Okta;

namespace Sym.Sdk.Testing.Tests.Okta;

public sealed class FakeOktaTests
{
    private readonly FakeOkta _okta = new();

    [Fact]
    public void AddUser_GeneratesOktaShapedIdsAndDefaultsLoginToEmail()
    {
        OktaUser user = _okta.AddUser("alice@example.com", "Alice", "Ng");

        user.Id.Should().MatchRegex("^00u[0-9]{17}$");
        user.Status.Should().Be("ACTIVE");
        user.Profile.Login.Should().Be("alice@example.com");
        _okta.Users.Should().Equal(user);
        _okta.Calls.Should().BeEmpty("seeding is not an API call");
    }

    [Fact]
    public void AddUser_DuplicateLoginOrId_IsRejected()
    {
        _okta.AddUser("alice@example.com", id: "00u1");

        ((Action)(() => _okta.AddUser("ALICE@example.com"))).Should().Throw<ArgumentException>();
        ((Action)(() => _okta.AddUser("other@example.com", id: "00u1"))).Should().Throw<ArgumentException>();
        _okta.Users.Should().ContainSingle();
    }

    [Fact]
    public void AddGroup_DuplicateId_IsRejected()
    {
        _okta.AddGroup("a", id: "00g1");

        ((Action)(() => _okta.AddGroup("b", id: "00g1"))).Should().Throw<ArgumentException>();
    }

    [Fact]
    public void AddMember_UnknownUserOrGroup_ThrowsTheClientsNotFoundErrors()
    {
        OktaUser user = _okta.AddUser("alice@example.com");
        OktaGroup group = _okta.AddGroup("admins");

        ((Action)(() => _okta.AddMember(group.Id, "00uNope"))).Should().Throw<SymNotFoundException>().Which.ErrorCode.Should().Be(OktaErrorCodes.UserNotFound);
        ((Action)(() => _okta.AddMember("00gNope", user.Id))).Should().Throw<SymNotFoundException>().Which.ErrorCode.Should().Be(OktaErrorCodes.GroupNotFound);
    }

    [Fact]
    public async Task GetUserAsync_ByIdOrLogin_FindsTheUser()
    {
        OktaUser user = _okta.AddUser("alice@example.com", login: "alice");

        (await _okta.GetUserAsync(user.Id)).Should().BeSameAs(user);
        (await _okta.GetUserAsync("ALICE")).Should().BeSameAs(user);
        (await _okta.GetUserProfileAsync("alice")).Email.Should().Be("alice@example.com");
        _okta.Calls.Should().Equal($"okta.GetUser {user.Id}", "okta.GetUser ALICE", "okta.GetUserProfile alice");
    }

    [Fact]
    public async Task GetUserAsync_Unknown_ThrowsUserNotFoundLikeTheRealClient()
    {
        Func<Task> act = () => _okta.GetUserAsync("00uNope");

        SymNotFoundException error = (await act.Should().ThrowAsync<SymNotFoundException>()).Which;
        error.ErrorCode.Should().Be(OktaErrorCodes.UserNotFound);
        error.StatusCode.Should().Be(404);
        error.Message.Should().Be("Okta E0000007: Not found: Resource not found: 00uNope (User) (user '00uNope').");
    }

    [Fact]
    public async Task FindUserByEmailAsync_MatchesCaseInsensitivelyAndPrefersLiveUsers()
    {
        _okta.AddUser("dup@example.com", id: "00uOld", login: "old", status: "DEPROVISIONED");
        OktaUser live = _okta.AddUser("Dup@Example.com", id: "00uNew", login: "new");

        (await _okta.FindUserByEmailAsync("dup@example.com")).Should().BeSameAs(live);
        (await _okta.FindUserByEmailAsync("none@example.com")).Should().BeNull();
    }

    [Fact]
    public async Task FindUserByEmailAsync_TwoLiveUsers_ThrowsAmbiguousEmail()
    {
        _okta.AddUser("dup@example.com", login: "one");
        _okta.AddUser("dup@example.com", login: "two");

        Func<Task> act = () => _okta.FindUserByEmailAsync("dup@example.com");

        (await act.Should().ThrowAsync<SymException>()).Which.ErrorCode.Should().Be(OktaErrorCodes.AmbiguousEmail);
    }

    [Fact]
    public async Task AddUserToGroupAsync_AddsOnceThenReportsAlreadyMember()
    {
        OktaUser user = _okta.AddUser("alice@example.com");
        OktaGroup group = _okta.AddGroup("admins");

        (await _okta.AddUserToGroupAsync(group.Id, user.Id)).Should().Be(OktaMembershipChange.Added);
        (await _okta.AddUserToGroupAsync(group.Id, user.Id)).Should().Be(OktaMembershipChange.AlreadyMember);
        _okta.MembersOf(group.Id).Should().Equal(user.Id);
        (await _okta.IsUserInGroupAsync(group.Id, user.Id)).Should().BeTrue();
    }

    [Fact]
    public async Task RemoveUserFromGroupAsync_RemovesOnceThenReportsNotMember()
    {
        OktaUser user = _okta.AddUser("alice@example.com");
        OktaGroup group = _okta.AddGroup("admins");
        _okta.AddMember(group.Id, user.Id);

        (await _okta.RemoveUserFromGroupAsync(group.Id, user.Id)).Should().Be(OktaMembershipChange.Removed);
        (await _okta.RemoveUserFromGroupAsync(group.Id, user.Id)).Should().Be(OktaMembershipChange.NotMember);
        _okta.IsMember(group.Id, user.Id).Should().BeFalse();
    }

    [Fact]
    public async Task AddUserToGroupAsync_UnknownGroupOrUser_ThrowsAndChangesNothing()
    {
        OktaUser user = _okta.AddUser("alice@example.com");
        OktaGroup group = _okta.AddGroup("admins");

        Func<Task> noGroup = () => _okta.AddUserToGroupAsync("00gNope", user.Id);
        Func<Task> noUser = () => _okta.AddUserToGroupAsync(group.Id, "00uNope");

        (await noGroup.Should().ThrowAsync<SymNotFoundException>()).Which.ErrorCode.Should().Be(OktaErrorCodes.GroupNotFound);
        (await noUser.Should().ThrowAsync<SymNotFoundException>()).Which.ErrorCode.Should().Be(OktaErrorCodes.UserNotFound);
        _okta.MembersOf(group.Id).Should().BeEmpty();
    }

    [Fact]
    public async Task RemoveUserFromGroupAsync_UnknownGroup_IsNotMemberLikeTheRealClient()
    {
        OktaUser user = _okta.AddUser("alice@example.com");

        (await _okta.RemoveUserFromGroupAsync("00gNope", user.Id)).Should().Be(OktaMembershipChange.NotMember);
    }

    [Fact]
    public async Task Faults_FailNext_FailsThatOperationOnceAndChangesNothing()
    {
        OktaUser user = _okta.AddUser("alice@example.com");
        OktaGroup group = _okta.AddGroup("admins");
        _okta.Faults.FailNext(1, "okta.AddUserToGroup");

        Func<Task> act = () => _okta.AddUserToGroupAsync(group.Id, user.Id);

        (await act.Should().ThrowAsync<InjectedFaultException>()).Which.Operation.Should().Be("okta.AddUserToGroup");
        _okta.IsMember(group.Id, user.Id).Should().BeFalse();
        (await _okta.AddUserToGroupAsync(group.Id, user.Id)).Should().Be(OktaMembershipChange.Added);
        _okta.Faults.Fired.Should().ContainSingle().Which.Operation.Should().Be("okta.AddUserToGroup");
        _okta.Calls.Should().HaveCount(2, "the failed call is recorded too");
    }

    [Fact]
    public async Task Faults_CustomException_RaisesThatException()
    {
        _okta.AddUser("alice@example.com");
        _okta.Faults.FailNext(1, "okta.FindUserByEmail", _ => new SymAuthenticationException(OktaErrorCodes.InvalidToken, "Token revoked."));

        Func<Task> act = () => _okta.FindUserByEmailAsync("alice@example.com");

        (await act.Should().ThrowAsync<SymAuthenticationException>()).Which.ErrorCode.Should().Be(OktaErrorCodes.InvalidToken);
    }

    [Fact]
    public async Task Faults_OnAListing_FailWhenEnumerated()
    {
        OktaGroup group = _okta.AddGroup("admins");
        _okta.Faults.FailNext(1, "okta.ListGroupMembers");

        Func<Task> act = () => _okta.ListGroupMembersAsync(group.Id).ToListAsync().AsTask();

        await act.Should().ThrowAsync<InjectedFaultException>();
        (await _okta.ListGroupMembersAsync(group.Id).ToListAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task ListGroupsAsync_PrefixAndSearch_Filter()
    {
        _okta.AddGroup("prod-admins", id: "00gA");
        _okta.AddGroup("prod-readers", id: "00gB", type: "APP_GROUP");
        _okta.AddGroup("dev", id: "00gC");

        (await Names(new OktaGroupQuery { NameStartsWith = "PROD" })).Should().Equal("prod-admins", "prod-readers");
        (await Names(new OktaGroupQuery { Search = "type eq \"APP_GROUP\"" })).Should().Equal("prod-readers");
        (await Names(new OktaGroupQuery { Search = "profile.name sw \"prod-a\"" })).Should().Equal("prod-admins");
        (await Names(null)).Should().HaveCount(3);
    }

    [Fact]
    public async Task ListGroupsAsync_UnsupportedSearch_ThrowsValidation()
    {
        Func<Task> act = () => Names(new OktaGroupQuery { Search = "lastUpdated gt \"2024-01-01\"" });

        SymException error = (await act.Should().ThrowAsync<SymException>()).Which;
        error.ErrorCode.Should().Be(OktaErrorCodes.Validation);
        error.Message.Should().Contain("lastUpdated");
    }

    [Fact]
    public async Task ListUserGroupsAsync_ReturnsTheUsersGroupsAndRejectsUnknownUsers()
    {
        OktaUser user = _okta.AddUser("alice@example.com");
        OktaGroup a = _okta.AddGroup("a");
        _okta.AddGroup("b");
        _okta.AddMember(a.Id, user.Id);

        (await _okta.ListUserGroupsAsync(user.Id).ToListAsync()).Should().Equal(a);
        Func<Task> act = () => _okta.ListUserGroupsAsync("00uNope").ToListAsync().AsTask();
        (await act.Should().ThrowAsync<SymNotFoundException>()).Which.ErrorCode.Should().Be(OktaErrorCodes.UserNotFound);
    }

    [Fact]
    public async Task ListGroupMembersAsync_IsASnapshot_LaterChangesDoNotLeakIn()
    {
        OktaUser alice = _okta.AddUser("alice@example.com");
        OktaUser bob = _okta.AddUser("bob@example.com");
        OktaGroup group = _okta.AddGroup("admins");
        _okta.AddMember(group.Id, alice.Id);

        var members = new List<string>();
        await foreach (OktaUser member in _okta.ListGroupMembersAsync(group.Id))
        {
            members.Add(member.Id);
            await _okta.AddUserToGroupAsync(group.Id, bob.Id);
        }

        members.Should().Equal(alice.Id);
    }

    [Fact]
    public void AddUser_WithCustomAttributes_KeepsThem()
    {
        var user = new OktaUser
        {
            Id = "00uX",
            Profile = new OktaUserProfile
            {
                Login = "x@example.com",
                Email = "x@example.com",
                AdditionalAttributes = { ["department"] = JsonSerializer.SerializeToElement("Platform") },
            },
        };

        _okta.AddUser(user);

        _okta.Users.Single().Profile.AdditionalAttributes["department"].GetString().Should().Be("Platform");
    }

    [Fact]
    public async Task AnyCall_Cancelled_ThrowsAndRecordsNothing()
    {
        _okta.AddUser("alice@example.com");
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        Func<Task> act = () => _okta.FindUserByEmailAsync("alice@example.com", cts.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
        _okta.Calls.Should().BeEmpty();
    }

    private async Task<List<string>> Names(OktaGroupQuery? query) =>
        (await _okta.ListGroupsAsync(query).ToListAsync()).Select(static g => g.Name).ToList();

    [Fact]
    public async Task HarnessRestart_ForgetsTheCallsAndPutsTheOrgBackAsAtTheStart()
    {
        OktaUser alice = _okta.AddUser("alice@example.com");
        OktaGroup admins = _okta.AddGroup("admins");
        ((IStoryScopedFake)_okta).MarkStart();
        await _okta.AddUserToGroupAsync(admins.Id, alice.Id);
        OktaUser bob = _okta.AddUser("bob@example.com");
        _okta.Calls.Should().NotBeEmpty();

        ((IStoryScopedFake)_okta).Restart();

        _okta.Calls.Should().BeEmpty();
        _okta.Users.Should().Equal(alice);
        _okta.IsMember(admins.Id, alice.Id).Should().BeFalse("the membership was granted after the start");
        (await _okta.FindUserByEmailAsync(bob.Profile.Email)).Should().BeNull();
    }

    [Fact]
    public async Task HarnessRestart_WithoutAStartMark_KeepsTheOrgAsItIs()
    {
        OktaUser alice = _okta.AddUser("alice@example.com");
        OktaGroup admins = _okta.AddGroup("admins");
        await _okta.AddUserToGroupAsync(admins.Id, alice.Id);

        ((IStoryScopedFake)_okta).Restart();

        _okta.Calls.Should().BeEmpty();
        _okta.IsMember(admins.Id, alice.Id).Should().BeTrue("outside a harness nothing was marked to go back to");
    }
}
