using System.Text.Json;
using Sym.Sdk.Templates;

namespace Sym.Sdk.Tests.Model;

public sealed class EventTests
{
    [Fact]
    public void User_AndFields_ComeFromPayload()
    {
        Event evt = TestEvents.Create("approve", TestEvents.Approver);

        evt.User.Should().Be(TestEvents.Approver);
        evt.Fields.Should().BeSameAs(EventFields.Empty);
        evt.Step.Should().Be(ApprovalTemplateStep.Approve);
        evt.Template.Should().Be(EventTemplate.Approval);
        evt.Template.Srn!.ToString().Should().Be("sym:template:approval:1.0.0");
        evt.Meta.SchemaVersion.Should().Be(4);
    }

    [Fact]
    public void GetActor_ReturnsWhoActedAtStep()
    {
        Event evt = TestEvents.Create("escalate", TestEvents.Approver,
            actors: new Dictionary<string, User> { ["request"] = TestEvents.Requester, ["approve"] = TestEvents.Approver });

        evt.GetActor(ApprovalTemplateStep.Request).Should().Be(TestEvents.Requester);
        evt.GetActor(ApprovalTemplateStep.Approve).Should().Be(TestEvents.Approver);
        evt.GetActor(ApprovalTemplateStep.Deny).Should().BeNull();
        evt.GetActor(default).Should().BeNull();
    }

    [Fact]
    public void GetContext_ReturnsRecordedContext()
    {
        using JsonDocument doc = JsonDocument.Parse("""{"channel":"C01"}""");
        Event evt = TestEvents.Create("approve",
            contexts: new Dictionary<string, JsonElement> { ["request"] = doc.RootElement.Clone() });

        evt.GetContext(ApprovalTemplateStep.Request)!.Value.GetProperty("channel").GetString().Should().Be("C01");
        evt.GetContext(ApprovalTemplateStep.Approve).Should().BeNull();
        evt.GetContext(default(ApprovalTemplateStep)).Should().BeNull();
    }

    [Fact]
    public void Flow_Defaults_AreEmpty()
    {
        var flow = new Flow { Name = "f" };

        flow.Fields.Should().BeEmpty();
        flow.Vars.Should().BeEmpty();
        flow.Environment.Name.Should().Be("default");
        flow.Environment.Integrations.Should().BeEmpty();
        flow.Strategy.Should().BeNull();
    }

    [Fact]
    public void Strategy_Defaults_AreCustomWithNoTargets()
    {
        var strategy = new Strategy();

        strategy.Type.Should().Be("custom");
        strategy.Targets.Should().BeEmpty();
        strategy.Integration.Should().BeNull();
        strategy.Settings.Should().BeEmpty();
    }

    [Fact]
    public void AccessTarget_Id_PrefersSrnIdentifier()
    {
        new AccessTarget { Name = "admins" }.Id.Should().Be("admins");
        new AccessTarget { Name = "admins", Srn = Srn.Parse("acme:access_target:okta_group:admins:latest") }.Id.Should().Be("admins");
        new AccessTarget { Name = "admins", Srn = Srn.Parse("sym:access_target:lambda_access:latest:e6a9") }.Id.Should().Be("e6a9");
        new AccessTarget { Name = "x" }.Type.Should().Be("custom");
    }

    [Fact]
    public void AccessTarget_GetRequiredSetting_ReadsOrThrowsTyped()
    {
        var target = new AccessTarget { Name = "admins", Settings = new Dictionary<string, string> { ["group_id"] = "00g1", ["empty"] = "" } };

        target.GetRequiredSetting("group_id").Should().Be("00g1");
        foreach (string key in new[] { "missing", "empty" })
        {
            Action act = () => target.GetRequiredSetting(key);
            SymException ex = act.Should().Throw<SymException>().Which;
            ex.ErrorCode.Should().Be(SymErrorCodes.MissingTargetSetting);
            ex.Hint.Should().Contain(key);
        }

        ((Action)(() => target.GetRequiredSetting(""))).Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Integration_KeepsSettings()
    {
        var integration = new Integration { Name = "slack", Type = "slack", ExternalId = "T01" };

        integration.Settings.Should().BeEmpty();
        integration.ExternalId.Should().Be("T01");
    }
}
