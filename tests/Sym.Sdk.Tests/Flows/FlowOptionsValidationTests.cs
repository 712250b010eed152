using Sym.Sdk.Flows;
using Sym.Sdk.Flows.Internal;

namespace Sym.Sdk.Tests.Flows;

public sealed class FlowOptionsValidationTests
{
    private const string Prefix = "Sym:Flows:custom_access";

    [Fact]
    public void Validate_Defaults_AreValid() =>
        FlowOptionsValidation.Validate(Prefix, new FlowOptions()).Should().BeEmpty();

    [Fact]
    public void Validate_TargetWithoutName_NamesTheSetting()
    {
        var o = new FlowOptions();
        o.Targets.Add(new AccessTargetOptions { Name = "ok" });
        o.Targets.Add(new AccessTargetOptions());
        FlowOptionsValidation.Validate(Prefix, o).Should().Equal("Sym:Flows:custom_access:Targets:1:Name is required.");
    }

    [Fact]
    public void Validate_EveryKindOfMistake_NamesEachSetting()
    {
        var o = new FlowOptions { MaxDuration = "1h", RequestLifetime = "soon", ErrorChannel = " ", RequiredApprovals = 0 };
        o.AllowedDurations.Add("30m");
        o.AllowedDurations.Add("2h");
        o.AllowedDurations.Add("7x");
        o.Targets.Add(new AccessTargetOptions { Name = "a" });
        o.Targets.Add(new AccessTargetOptions { Name = "a", Type = "" });
        o.Fields.Add(new PromptFieldOptions { Name = "f", Type = "color" });
        o.Fields.Add(new PromptFieldOptions { Name = "d", Type = "duration", AllowedValues = { "1h", "forever" } });
        o.Fields.Add(new PromptFieldOptions { Name = "d", Type = "int", AllowedValues = { "x" } });
        o.Strategy.Type = "";
        o.Strategy.Integration = new IntegrationOptions();
        o.AllowedSources.Add("");

        FlowOptionsValidation.Validate(Prefix, o).Should().BeEquivalentTo(
            "Sym:Flows:custom_access:AllowedDurations:1 '2h' is longer than MaxDuration '1h'.",
            "Sym:Flows:custom_access:AllowedDurations:2 '7x' is not a positive duration (for example 30m, 1h, 1d, 1mo).",
            "Sym:Flows:custom_access:RequestLifetime 'soon' is not a positive duration (for example 30m, 1h, 1d, 1mo).",
            "Sym:Flows:custom_access:ErrorChannel is required.",
            "Sym:Flows:custom_access:RequiredApprovals must be between 1 and 100; it is 0.",
            "Sym:Flows:custom_access:Strategy:Type is required.",
            "Sym:Flows:custom_access:Strategy:Integration:Name is required.",
            "Sym:Flows:custom_access:Strategy:Integration:Type is required.",
            "Sym:Flows:custom_access:Targets:1:Name 'a' is used by another target of the flow.",
            "Sym:Flows:custom_access:Targets:1:Type is required.",
            "Sym:Flows:custom_access:Fields:0:Type 'color' is not a field type (string, int, bool, duration, slack_user, slack_user_list, str_list, int_list).",
            "Sym:Flows:custom_access:Fields:1:AllowedValues:1 'forever' is not a positive duration (for example 30m, 1h, 1d, 1mo).",
            "Sym:Flows:custom_access:Fields:2:Name 'd' is used by another field of the flow.",
            "Sym:Flows:custom_access:Fields:2:AllowedValues:0 'x' is not an integer.",
            "Sym:Flows:custom_access:AllowedSources:0 is empty.");
    }

    [Fact]
    public void Defaults_AreDocumentedValues()
    {
        var o = new FlowOptions();
        o.ErrorChannel.Should().Be("#sym-errors");
        o.AllowRevoke.Should().BeTrue();
        o.ScheduleDeescalation.Should().BeTrue();
        o.AllowGuestInteraction.Should().BeFalse();
        o.RequiredApprovals.Should().Be(1);
        o.DenyWins.Should().BeTrue();
        o.RequestLifetime.Should().Be("1d");
    }

    [Fact]
    public void Validate_LimitsOutOfRange_NameEachSetting()
    {
        var o = new FlowOptions { MaxActionReasonLength = 0 };
        o.Fields.Add(new PromptFieldOptions { Name = "reason", MaxLength = 0 });
        o.Fields.Add(new PromptFieldOptions { Name = "hosts", Type = "str_list", MaxItems = 10_001, MaxLength = 100_001 });
        o.Fields.Add(new PromptFieldOptions { Name = "code", MaxLength = 3, Default = "ABCD" });
        o.Strategy.Type = "custom";

        FlowOptionsValidation.Validate(Prefix, o).Should().BeEquivalentTo(
            "Sym:Flows:custom_access:MaxActionReasonLength must be between 1 and 100000; it is 0.",
            "Sym:Flows:custom_access:Fields:0:MaxLength must be between 1 and 100000; it is 0.",
            "Sym:Flows:custom_access:Fields:1:MaxLength must be between 1 and 100000; it is 100001.",
            "Sym:Flows:custom_access:Fields:1:MaxItems must be between 1 and 10000; it is 10001.",
            "Sym:Flows:custom_access:Fields:2:Default is longer than the field's MaxLength (3 characters).");
    }
}
