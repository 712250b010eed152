using Sym.Sdk.Strategies;
using Sym.Sdk.Templates;

namespace Sym.Sdk.Testing.Tests.Builders;

public class EventBuilderTests
{
    private static readonly User Alice = FakeEvents.User("alice@example.com");
    private static readonly User Bob = FakeEvents.User("bob@example.com");

    [Fact]
    public void Build_Defaults_AreAUsableEvent()
    {
        Event evt = FakeEvents.Event("request").Build();

        evt.Name.Should().Be("request");
        evt.User.Username.Should().Be("requester@example.com");
        evt.Flow.Name.Should().Be("custom_access");
        evt.Run.Id.Should().Be("run-1");
        evt.Payload.Timestamp.Should().Be(SymFlowHarnessBuilder.DefaultStart);
        evt.Payload.Srn!.ToString().Should().Be("sym:event-spec:approval:1.0.0:request");
        evt.GetActor(ApprovalTemplateStep.Request).Should().Be(evt.User);
        evt.Channel.Should().Be("slack");
        evt.Fields.Should().BeEmpty();
    }

    [Fact]
    public void Build_EveryPart_IsWhatWasSet()
    {
        AccessTarget prod = FakeEvents.Target("prod", ("identifier", "db-prod"));
        DateTimeOffset at = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
        StrategyOutput granted = StrategyOutput.Applied(new Dictionary<string, string> { ["grant_id"] = "g-1" });

        Event evt = FakeEvents.Event(ApprovalTemplateStep.Deescalate)
            .By(Bob).RequestedBy(Alice).WithActor(ApprovalTemplateStep.Approve, Bob)
            .InFlow(FakeEvents.Flow("other", ("a", "1"))).WithVar("b", "2")
            .For(prod).WithReason("incident").WithDuration(TimeSpan.FromMinutes(30))
            .WithField("ticket", 42).WithField("urgent", true).WithField("teams", new[] { "x", "y" })
            .WithOutput(ApprovalTemplateStep.Escalate, granted)
            .At(at).InRun("run-9").FromChannel("api").WithId("e-9")
            .Build();

        evt.Name.Should().Be("deescalate");
        evt.Id.Should().Be("e-9");
        evt.User.Should().Be(Bob);
        evt.GetActor(ApprovalTemplateStep.Request).Should().Be(Alice);
        evt.GetActor(ApprovalTemplateStep.Approve).Should().Be(Bob);
        evt.Flow.Name.Should().Be("other");
        evt.Flow.Vars.Should().Equal(new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" });
        evt.Flow.Strategy!.Targets.Should().ContainSingle().Which.Should().Be(prod);
        evt.Fields.Target.Should().Be(prod);
        evt.Fields.TargetId.Should().Be("prod");
        evt.Fields.Reason.Should().Be("incident");
        evt.Fields.Duration.Should().Be(TimeSpan.FromMinutes(30));
        evt.Fields.GetInt64("ticket").Should().Be(42);
        evt.Fields.GetBoolean("urgent").Should().BeTrue();
        evt.Fields.GetStringList("teams").Should().Equal("x", "y");
        evt.Run.Outputs["escalate"].Should().Be(granted);
        evt.Run.Id.Should().Be("run-9");
        evt.Channel.Should().Be("api");
        evt.Payload.Timestamp.Should().Be(at);
    }

    [Fact]
    public void WithContext_IsReadByGetContext()
    {
        Event evt = FakeEvents.Event("approve")
            .WithContext(ApprovalTemplateStep.Request, new Dictionary<string, object?> { ["diff"] = "-a", ["job"] = 42, ["ok"] = true })
            .Build();

        SymContext context = evt.GetContext("request")!;
        context.GetString("diff").Should().Be("-a");
        context.GetInt64("job").Should().Be(42);
        context.GetBoolean("ok").Should().BeTrue();
        context.GetString("missing").Should().BeNull();
        evt.GetContext("approve").Should().BeNull();
    }

    [Fact]
    public void WithField_UnsupportedType_Throws()
    {
        Action act = () => FakeEvents.Event("request").WithField("when", DateTime.MinValue);

        act.Should().Throw<ArgumentException>().WithMessage("*when*DateTime*");
    }

    [Fact]
    public void WithField_Null_IsAJsonNull()
    {
        Event evt = FakeEvents.Event("request").WithField("note", null).Build();

        evt.Fields["note"].ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
        evt.Fields.GetString("note").Should().BeNull();
    }

    [Fact]
    public void By_Null_Throws()
    {
        Action act = () => FakeEvents.Event("request").By(null!);

        act.Should().Throw<ArgumentNullException>();
    }

    [Fact]
    public void Event_BlankStep_Throws()
    {
        Action act = () => FakeEvents.Event(" ");

        act.Should().Throw<ArgumentException>();
    }
}
