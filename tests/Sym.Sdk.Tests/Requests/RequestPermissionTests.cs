using Sym.Sdk.Requests;

namespace Sym.Sdk.Tests.Requests;

public sealed class RequestPermissionTests
{
    private static readonly User Requester = new() { Id = "u-req", Username = "req@acme.com" };
    private static readonly User Member = new() { Id = "u-mem", Username = "mem@acme.com" };
    private static readonly User Admin = new() { Id = "u-adm", Username = "adm@acme.com", Role = UserRole.Admin };
    private static readonly User Guest = new() { Id = "u-gst", Username = "gst@partner.com", Role = UserRole.Guest };

    [Fact]
    public void PermissionLevel_HasSymWireNames()
    {
        PermissionLevel.Admin.ToString().Should().Be("admin");
        PermissionLevel.Member.ToString().Should().Be("member");
        PermissionLevel.AllUsers.ToString().Should().Be("all_users");
    }

    [Fact]
    public void ForLevel_DefaultsToNoSelfApproval()
    {
        RequestPermission p = RequestPermission.ForLevel(PermissionLevel.Member);

        p.Level.Should().Be(PermissionLevel.Member);
        p.UserIds.Should().BeEmpty();
        p.AllowSelfApproval.Should().BeFalse();
        new RequestPermission().AllowSelfApproval.Should().BeFalse();
    }

    [Fact]
    public void Constructor_SymForm_PortsLineForLine()
    {
        var p = new RequestPermission(webappView: PermissionLevel.Admin, approveDeny: PermissionLevel.Member, allowSelfApproval: true);

        p.WebappView.Should().Be(PermissionAudience.AtLevel(PermissionLevel.Admin));
        p.Level.Should().Be(PermissionLevel.Member);
        p.ApproveDeny.Level.Should().Be(PermissionLevel.Member);
        p.UserIds.Should().BeEmpty();
        p.AllowSelfApproval.Should().BeTrue();
        p.Should().Be(RequestPermission.ForLevel(PermissionLevel.Member, true) with { WebappView = PermissionLevel.Admin });
        p.Should().NotBe(RequestPermission.ForLevel(PermissionLevel.Member, true), "the viewers differ");
    }

    [Fact]
    public void Constructor_ApproveDenyUsers_NamesEachByEmailElseIdElseUsername()
    {
        User noEmail = new() { Id = "u-9", Username = "nine", Email = "" };
        var p = new RequestPermission(webappView: PermissionLevel.Member, approveDeny: new List<User> { Member, noEmail });

        p.Level.Should().BeNull();
        p.UserIds.Should().Equal("mem@acme.com", "u-9");
        p.Admits(Member, Requester).Should().BeTrue();
        p.Admits(Requester, Requester, approving: false).Should().BeFalse("the requester is not in the list");
        new RequestPermission(PermissionLevel.Member, ["u-mem"]).Admits(Member, Requester).Should().BeTrue();
    }

    [Fact]
    public void Constructor_BadUserList_Throws()
    {
        Action empty = () => _ = new RequestPermission(PermissionLevel.Member, ["ok", " "]);
        Action nullUser = () => _ = new RequestPermission(PermissionLevel.Member, new User[] { null! });

        empty.Should().Throw<ArgumentException>().WithMessage("A permission's users may not be null or empty.*");
        nullUser.Should().Throw<ArgumentNullException>();
    }

    [Fact]
    public void WebappView_DefaultsToNull_AndAdmitsViewerFollowsIt()
    {
        RequestPermission.ForLevel(PermissionLevel.Member).WebappView.Should().BeNull("by default only those who take part see a request");
        RequestPermission.ForLevel(PermissionLevel.Member).AdmitsViewer(Member, Requester).Should().BeFalse();
        RequestPermission.ForLevel(PermissionLevel.Member).AdmitsViewer(Requester, Requester).Should().BeTrue();
        RequestPermission.ForLevel(PermissionLevel.Member).AdmitsViewer(Admin, Requester).Should().BeTrue();
        var members = new RequestPermission(PermissionLevel.Member, PermissionLevel.Admin);
        members.AdmitsViewer(Member, Requester).Should().BeTrue();
        members.AdmitsViewer(Guest, Requester).Should().BeFalse();
        new RequestPermission(PermissionLevel.AllUsers, PermissionLevel.Admin).AdmitsViewer(Guest, Requester).Should().BeTrue();
    }

    [Fact]
    public void ForUsers_KeepsList()
    {
        RequestPermission p = RequestPermission.ForUsers(["u-mem", "other@acme.com"], allowSelfApproval: true);

        p.Level.Should().BeNull();
        p.UserIds.Should().Equal("u-mem", "other@acme.com");
        p.AllowSelfApproval.Should().BeTrue();
    }

    [Fact]
    public void ForUsers_Empty_Throws()
    {
        Action act = () => RequestPermission.ForUsers([]);

        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void UserIds_EmptyEntry_Throws()
    {
        Action act = () => RequestPermission.ForUsers(["u-1", " "]);

        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void LevelAndUsers_Together_Throw_InEitherOrder()
    {
        Action levelFirst = () => _ = new RequestPermission { Level = PermissionLevel.Admin, UserIds = ["u-1"] };
        Action usersFirst = () => _ = new RequestPermission { UserIds = ["u-1"], Level = PermissionLevel.Admin };
        Action viaWith = () => _ = RequestPermission.ForUsers(["u-1"]) with { Level = PermissionLevel.Member };

        levelFirst.Should().Throw<ArgumentException>().WithMessage("*not both*");
        usersFirst.Should().Throw<ArgumentException>().WithMessage("*not both*");
        viaWith.Should().Throw<ArgumentException>().WithMessage("*not both*");
    }

    [Theory]
    [InlineData("all_users", "member", true)]
    [InlineData("all_users", "guest", true)]
    [InlineData("member", "member", true)]
    [InlineData("member", "guest", false)]
    [InlineData("admin", "member", false)]
    [InlineData("admin", "admin", true)]
    [InlineData("member", "admin", true)]
    public void Admits_ByLevel_FollowsRole(string level, string role, bool expected)
    {
        var actor = new User { Username = "actor@acme.com", Role = new UserRole(role) };

        RequestPermission.ForLevel(new PermissionLevel(level)).Admits(actor, Requester).Should().Be(expected);
    }

    [Fact]
    public void Admits_ByUsers_MatchesUsernameOrEmailIgnoringCaseAndIdsExactly()
    {
        RequestPermission byId = RequestPermission.ForUsers(["u-mem"]);
        RequestPermission byName = RequestPermission.ForUsers(["Mem@Acme.com"]);

        byId.Admits(Member, Requester).Should().BeTrue();
        RequestPermission.ForUsers(["U-MEM"]).Admits(Member, Requester).Should().BeFalse("ids are compared exactly, as the engine does");
        byName.Admits(Member, Requester).Should().BeTrue();
        byId.Admits(Guest, Requester).Should().BeFalse();
        byId.Admits(Admin, Requester).Should().BeTrue("admins may always decide");
    }

    [Fact]
    public void Admits_Requester_OnlyWhenSelfApprovalAllowed()
    {
        var requesterAsAdmin = new User { Username = "req@acme.com", Role = UserRole.Admin };

        RequestPermission.ForLevel(PermissionLevel.AllUsers).Admits(Requester, Requester).Should().BeFalse();
        RequestPermission.ForLevel(PermissionLevel.AllUsers).Admits(requesterAsAdmin, Requester).Should().BeFalse();
        RequestPermission.ForLevel(PermissionLevel.AllUsers, allowSelfApproval: true).Admits(Requester, Requester).Should().BeTrue();
        RequestPermission.ForUsers(["u-req"], allowSelfApproval: true).Admits(Requester, Requester).Should().BeTrue();
    }

    [Fact]
    public void Admits_NeitherLevelNorUsers_AdmitsOnlyAdmins()
    {
        var none = new RequestPermission();

        none.Admits(Member, Requester).Should().BeFalse();
        none.Admits(Admin, Requester).Should().BeTrue();
    }

    [Fact]
    public void Equality_IsByValue()
    {
        RequestPermission.ForUsers(["a", "b"]).Should().Be(RequestPermission.ForUsers(["a", "b"]));
        RequestPermission.ForUsers(["a", "b"]).GetHashCode().Should().Be(RequestPermission.ForUsers(["a", "b"]).GetHashCode());
        RequestPermission.ForUsers(["a"]).Should().NotBe(RequestPermission.ForUsers(["a"], allowSelfApproval: true));
        RequestPermission.ForLevel(PermissionLevel.Admin).Should().NotBe(RequestPermission.ForLevel(PermissionLevel.Member));
    }
}
