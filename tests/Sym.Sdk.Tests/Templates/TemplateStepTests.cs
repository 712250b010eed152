using Sym.Sdk.Templates;

namespace Sym.Sdk.Tests.Templates;

public sealed class TemplateStepTests
{
    [Fact]
    public void Steps_HaveSymWireNamesInLifecycleOrder()
    {
        ApprovalTemplateStep.All.Select(s => s.Name).Should().Equal(
            "prompt", "request", "request_forward", "approve", "deny", "request_expire", "escalate", "deescalate");
        ApprovalTemplateStep.All.Should().OnlyContain(s => s.IsKnown);
    }

    [Theory]
    [InlineData("prompt", 0)]
    [InlineData("request", 1)]
    [InlineData("request_forward", 2)]
    [InlineData("approve", 3)]
    [InlineData("deny", 3)]
    [InlineData("request_expire", 3)]
    [InlineData("escalate", 4)]
    [InlineData("deescalate", 5)]
    [InlineData("Approve", -1)]
    [InlineData("revoke", -1)]
    public void Rank_OrdersTheLifecycle(string name, int rank)
    {
        var step = new ApprovalTemplateStep(name);

        step.Rank.Should().Be(rank);
        step.IsKnown.Should().Be(rank >= 0);
        step.ToString().Should().Be(name);
    }

    [Fact]
    public void DefaultStep_IsUnknown()
    {
        default(ApprovalTemplateStep).IsKnown.Should().BeFalse();
        default(ApprovalTemplateStep).ToString().Should().BeEmpty();
    }

    public static TheoryData<string, string> Results => new()
    {
        { "approve", "approve" },
        { "deny", "deny" },
        { "escalate", "escalate" },
        { "deescalate", "deescalate" },
        { "request_expire", "request_expire" },
        { "request_forward", "request_forward" },
    };

    [Theory]
    [MemberData(nameof(Results))]
    public void ApprovalTemplate_Results_FireTheirStepWithReason(string method, string step)
    {
        TemplateStep result = method switch
        {
            "approve" => ApprovalTemplate.Approve("on-call"),
            "deny" => ApprovalTemplate.Deny("on-call"),
            "escalate" => ApprovalTemplate.Escalate("on-call"),
            "deescalate" => ApprovalTemplate.Deescalate("on-call"),
            "request_expire" => ApprovalTemplate.RequestExpire("on-call"),
            _ => ApprovalTemplate.RequestForward("on-call"),
        };

        result.Step.Should().Be(new ApprovalTemplateStep(step));
        result.Reason.Should().Be("on-call");
        result.IsIgnore.Should().BeFalse();
        result.IgnoreMessage.Should().BeNull();
        result.ToString().Should().Be($"{step}: on-call");
    }

    [Fact]
    public void ApprovalTemplate_WithoutReason_HasNullReason()
    {
        TemplateStep result = ApprovalTemplate.Approve();

        result.Reason.Should().BeNull();
        result.ToString().Should().Be("approve");
    }

    [Fact]
    public void Step_ByName_FiresThatStep_AndRejectsEmpty()
    {
        ApprovalTemplate.Step(new ApprovalTemplateStep("custom_step"), "why").Step!.Value.Name.Should().Be("custom_step");

        Action act = () => ApprovalTemplate.Step(default);
        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Ignore_CancelsWithMessage()
    {
        TemplateStep result = Template.Ignore("You are not authorized to approve this request.");

        result.IsIgnore.Should().BeTrue();
        result.Step.Should().BeNull();
        result.IgnoreMessage.Should().Be("You are not authorized to approve this request.");
        result.ToString().Should().Be("ignore: You are not authorized to approve this request.");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Ignore_WithoutMessage_Throws(string? message)
    {
        Action act = () => Template.Ignore(message!);

        act.Should().Throw<ArgumentException>();
    }
}
