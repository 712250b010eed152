using Sym.Sdk.Requests;

namespace Sym.Sdk.Tests.Model;

public sealed class UserTests
{
    private static User Alice(string username = "alice@acme.com") => new()
    {
        Id = "2dba7476-a43d-4eb4-ac4b-bdc33b83fca0",
        Username = username,
        FirstName = "Alice",
        LastName = "Liddell",
        Identities =
        [
            new UserIdentity { Service = "slack", ServiceId = "T0001", UserId = "U0001" },
            new UserIdentity { Service = "slack", ServiceId = "T0002", UserId = "U0002" },
            new UserIdentity { Service = "okta", ServiceId = "acme.okta.com", Email = "alice@acme.com" },
        ],
    };

    [Fact]
    public void Defaults_AreANormalMemberWithEmailFromUsername()
    {
        var user = new User { Username = "bob@acme.com" };

        user.Type.Should().Be(UserType.Normal);
        user.Role.Should().Be(UserRole.Member);
        user.Email.Should().Be("bob@acme.com");
        user.Identities.Should().BeEmpty();
        user.Name.Should().BeNull();
        user.Id.Should().BeEmpty();
    }

    [Fact]
    public void Email_WhenSet_OverridesUsername()
    {
        var user = new User { Username = "bob", Email = "bob@acme.com" };

        user.Email.Should().Be("bob@acme.com");
    }

    [Fact]
    public void Name_FallsBackToFirstAndLastName()
    {
        Alice().Name.Should().Be("Alice Liddell");
        new User { Username = "x", LastName = "Only" }.Name.Should().Be("Only");
        new User { Username = "x", FirstName = "A", Name = "Display" }.Name.Should().Be("Display");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Username_Missing_Throws(string? username)
    {
        Action act = () => _ = new User { Username = username! };

        act.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("Username");
    }

    [Fact]
    public void Identity_ByService_ReturnsFirstMatchIgnoringCase()
    {
        Alice().Identity("SLACK")!.UserId.Should().Be("U0001");
    }

    [Fact]
    public void Identity_ByServiceAndServiceId_ReturnsThatInstance()
    {
        Alice().Identity("slack", "T0002")!.UserId.Should().Be("U0002");
        Alice().Identity("okta", "ACME.okta.com")!.MatchingValue.Should().Be("alice@acme.com");
    }

    [Fact]
    public void Identity_Unknown_ReturnsNull()
    {
        Alice().Identity("aws_sso").Should().BeNull();
        Alice().Identity("slack", "T9999").Should().BeNull();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Identity_EmptyService_Throws(string? service)
    {
        Action act = () => Alice().Identity(service!);

        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void UserIdentity_MatchingValue_PrefersUserIdOverEmail()
    {
        new UserIdentity { Service = "okta", UserId = "00u1", Email = "a@b.c" }.MatchingValue.Should().Be("00u1");
        new UserIdentity { Service = "okta", Email = "a@b.c" }.MatchingValue.Should().Be("a@b.c");
        new UserIdentity { Service = "okta" }.MatchingValue.Should().BeNull();
    }

    [Fact]
    public void WithIdentity_ReplacesSameServiceInstance_AndKeepsOthers()
    {
        User alice = Alice();

        User updated = alice.WithIdentity(new UserIdentity { Service = "Slack", ServiceId = "t0001", UserId = "U0009" });

        updated.Identities.Should().HaveCount(3);
        updated.Identity("slack", "T0001")!.UserId.Should().Be("U0009");
        updated.Identity("slack", "T0002")!.UserId.Should().Be("U0002");
        updated.FirstName.Should().Be("Alice");
        updated.Id.Should().Be(alice.Id);
        alice.Identity("slack", "T0001")!.UserId.Should().Be("U0001", "the original is immutable");
    }

    [Fact]
    public void WithIdentity_NewService_Appends()
    {
        User updated = Alice().WithIdentity(new UserIdentity { Service = "aws_sso", UserId = "9067" });

        updated.Identities.Should().HaveCount(4);
        updated.Identity("aws_sso")!.UserId.Should().Be("9067");
    }

    [Fact]
    public void WithIdentity_Null_Throws()
    {
        Action act = () => Alice().WithIdentity(null!);

        act.Should().Throw<ArgumentNullException>();
    }

    [Fact]
    public void Equality_IsByUsernameIgnoringCase()
    {
        User a = Alice("Alice@Acme.com");
        var b = new User { Username = "alice@acme.com", Id = "other", Role = UserRole.Admin };
        var c = new User { Username = "carol@acme.com" };

        new HashSet<User> { a, b, c }.Should().HaveCount(2);
        a.ToString().Should().Be("Alice@Acme.com");
        (a == b).Should().BeTrue();
        a.Equals((object)b).Should().BeTrue();
        a.GetHashCode().Should().Be(b.GetHashCode());
        (a != c).Should().BeTrue();
        a.Equals(null).Should().BeFalse();
        (a == null).Should().BeFalse();
        ((User?)null == null).Should().BeTrue();
    }

    [Theory]
    [InlineData("admin", "admin", true)]
    [InlineData("admin", "member", true)]
    [InlineData("admin", "all_users", true)]
    [InlineData("member", "admin", false)]
    [InlineData("member", "member", true)]
    [InlineData("member", "all_users", true)]
    [InlineData("guest", "admin", false)]
    [InlineData("guest", "member", false)]
    [InlineData("guest", "all_users", true)]
    [InlineData("auditor", "member", false)]
    [InlineData("auditor", "all_users", true)]
    [InlineData("admin", "superuser", false)]
    public void UserRole_Satisfies_FollowsPermissionLevels(string role, string level, bool expected)
    {
        new UserRole(role).Satisfies(new PermissionLevel(level)).Should().Be(expected);
    }

    [Fact]
    public void WellKnownValues_HaveSymWireNames()
    {
        UserRole.Admin.ToString().Should().Be("admin");
        UserRole.Member.ToString().Should().Be("member");
        UserRole.Guest.ToString().Should().Be("guest");
        UserType.Normal.ToString().Should().Be("normal");
        UserType.Bot.ToString().Should().Be("bot");
        new UserType("bot").Should().Be(UserType.Bot);
        default(UserType).ToString().Should().BeEmpty();
        default(UserRole).ToString().Should().BeEmpty();
    }
}
