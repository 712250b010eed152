using Sym.Sdk.Tests;

namespace Sym.Sdk.Testing.Tests.Builders;

public class FakeEventsTests
{
    [Fact]
    public void User_WithSlackIdAndRole_HasTheSlackIdentityAndRole()
    {
        User user = FakeEvents.User("alice@example.com", slackId: "U0ALICE", role: UserRole.Admin, firstName: "Alice", lastName: "Liddell",
            FakeEvents.Identity("okta", "00u1"));

        user.Username.Should().Be("alice@example.com");
        user.Email.Should().Be("alice@example.com");
        user.Role.Should().Be(UserRole.Admin);
        user.Name.Should().Be("Alice Liddell");
        user.Identity("slack")!.UserId.Should().Be("U0ALICE");
        user.Identity("okta")!.UserId.Should().Be("00u1");
    }

    [Fact]
    public void User_Defaults_IsAMemberWithoutIdentities()
    {
        User user = FakeEvents.User("bob@example.com");

        user.Role.Should().Be(UserRole.Member);
        user.Identities.Should().BeEmpty();
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void User_BlankEmail_Throws(string email)
    {
        Action act = () => FakeEvents.User(email);

        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Target_WithSettings_HasThemAndItsNameAsId()
    {
        AccessTarget target = FakeEvents.Target("prod", ("identifier", "db-prod"));

        target.Name.Should().Be("prod");
        target.Id.Should().Be("prod");
        target.GetRequiredSetting("identifier").Should().Be("db-prod");
    }

    [Fact]
    public void Flow_WithVars_HasThem()
    {
        Flow flow = FakeEvents.Flow("custom_access", ("request_channel", "#access"), ("approvers", "a@x.com"));

        flow.Name.Should().Be("custom_access");
        flow.Vars.Should().Equal(new Dictionary<string, string> { ["request_channel"] = "#access", ["approvers"] = "a@x.com" });
    }

    [Fact]
    public void Identity_BlankUserId_Throws()
    {
        Action act = () => FakeEvents.Identity("okta", "");

        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Load_ARecordedEscalateEvent_ReadsTheWireFormat()
    {
        Event evt = FakeEvents.Load(TestPaths.Fixture("sym-events", "escalate-v4.json"));

        evt.Name.Should().Be("escalate");
        evt.Fields.Reason.Should().Be("Fix Ticket 123");
        evt.Fields.TargetId.Should().Be("e6a92881-cb49-4580-bb17-56c581a596a2");
    }

    [Fact]
    public void Parse_NotAnEvent_ThrowsInvalidEvent()
    {
        Action act = () => FakeEvents.Parse("{\"hello\": 1}");

        act.Should().Throw<SymException>().Which.ErrorCode.Should().Be(SymErrorCodes.InvalidEvent);
    }
}
