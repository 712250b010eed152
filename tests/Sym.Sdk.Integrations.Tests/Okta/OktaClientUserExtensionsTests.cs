using Sym.Sdk.Integrations.Okta;
using Sym.Sdk.Testing.Okta;

namespace Sym.Sdk.Integrations.Tests.Okta;

public sealed class OktaClientUserExtensionsTests
{
    private readonly FakeOkta _okta = new();
    private readonly OktaUser _alice;
    private readonly OktaUser _bob;
    private readonly OktaGroup _admins;
    private readonly OktaGroup _devs;

    public OktaClientUserExtensionsTests()
    {
        _alice = _okta.AddUser("alice@example.com", "Alice", "Ng");
        _bob = _okta.AddUser("bob@example.com", "Bob", "Ray");
        _admins = _okta.AddGroup("prod-admins");
        _devs = _okta.AddGroup("developers");
        _okta.AddMember(_admins.Id, _alice.Id);
        _okta.AddMember(_devs.Id, _alice.Id);
        _okta.AddMember(_devs.Id, _bob.Id);
    }

    [Fact]
    public async Task IsUserInGroupAsync_SymUser_IsResolvedByEmail()
    {
        (await _okta.IsUserInGroupAsync(OktaTestEvents.Requester("alice@example.com"), _admins.Id)).Should().BeTrue();
        (await _okta.IsUserInGroupAsync(OktaTestEvents.Requester("bob@example.com"), _admins.Id)).Should().BeFalse();
    }

    [Fact]
    public async Task IsUserInGroupAsync_UserNotInOkta_ThrowsUserNotFound()
    {
        Func<Task> act = () => _okta.IsUserInGroupAsync(OktaTestEvents.Requester("ghost@example.com"), _admins.Id);

        (await act.Should().ThrowAsync<SymNotFoundException>()).Which.ErrorCode.Should().Be(OktaErrorCodes.UserNotFound);
    }

    [Fact]
    public async Task UsersInGroupAsync_ReturnsSymUsersWithOktaIdentities()
    {
        List<User> users = await _okta.UsersInGroupAsync(_devs.Id).ToListAsync();

        users.Select(static u => u.Username).Should().BeEquivalentTo("alice@example.com", "bob@example.com");
        User alice = users.Single(static u => u.Username == "alice@example.com");
        alice.FirstName.Should().Be("Alice");
        alice.Name.Should().Be("Alice Ng");
        alice.Identity("okta")!.UserId.Should().Be(_alice.Id);
    }

    [Fact]
    public async Task GetUserInfoAsync_ReturnsTheOktaUser()
    {
        OktaUser info = await _okta.GetUserInfoAsync(OktaTestEvents.Requester("bob@example.com"));

        info.Id.Should().Be(_bob.Id);
        info.Profile.LastName.Should().Be("Ray");
    }

    [Fact]
    public async Task ListGroupsAsync_SymUser_ReturnsTheirGroups()
    {
        List<OktaGroup> groups = await _okta.ListGroupsAsync(OktaTestEvents.Requester("alice@example.com")).ToListAsync();

        groups.Select(static g => g.Name).Should().BeEquivalentTo("prod-admins", "developers");
    }

    [Fact]
    public async Task FindUserAsync_StoredOktaIdentity_IsUsedInsteadOfEmail()
    {
        User user = OktaTestEvents.Requester("someone-else@example.com").WithIdentity(new UserIdentity { Service = "okta", UserId = _bob.Id });

        (await _okta.FindUserAsync(user))!.Id.Should().Be(_bob.Id);
        _okta.Calls.Should().Equal($"okta.GetUser {_bob.Id}");
    }

    [Fact]
    public async Task FindUserAsync_StoredIdentityOfADeletedUser_ReturnsNull()
    {
        User user = OktaTestEvents.Requester().WithIdentity(new UserIdentity { Service = "okta", UserId = "00uGone" });

        (await _okta.FindUserAsync(user)).Should().BeNull();
    }

    [Fact]
    public void ToSymUser_ProfileWithoutEmail_FallsBackToLogin()
    {
        var user = new OktaUser { Id = "00u9", Profile = new OktaUserProfile { Login = "svc-login" } };

        user.ToSymUser().Username.Should().Be("svc-login");
    }
}
