using Sym.Sdk.Forms;

namespace Sym.Sdk.Tests.Forms;

public sealed class PromptFieldTests
{
    [Fact]
    public void FieldType_WellKnownValues_HaveSymWireNames()
    {
        new[] { FieldType.String, FieldType.Int, FieldType.Bool, FieldType.Duration, FieldType.SlackUser, FieldType.SlackUserList, FieldType.StrList, FieldType.IntList }
            .Select(t => t.ToString())
            .Should().Equal("string", "int", "bool", "duration", "slack_user", "slack_user_list", "str_list", "int_list");
        new FieldType("duration").Should().Be(FieldType.Duration);
        default(FieldType).ToString().Should().BeEmpty();
    }

    [Fact]
    public void FieldOption_LabelDefaultsToValue()
    {
        var option = new FieldOption("prod");

        option.Value.Should().Be("prod");
        option.Label.Should().Be("prod");
        new FieldOption("prod", "Production").Label.Should().Be("Production");
    }

    [Fact]
    public void FieldOption_At55Characters_IsAccepted()
    {
        string max = new('x', FieldOption.MaxLength);

        new FieldOption(max, max).Value.Should().HaveLength(55);
    }

    [Theory]
    [InlineData(56, 5, "value")]
    [InlineData(5, 56, "label")]
    [InlineData(0, 5, "value")]
    public void FieldOption_BadLength_Throws(int valueLength, int labelLength, string param)
    {
        Action act = () => _ = new FieldOption(new string('v', valueLength), new string('l', labelLength));

        act.Should().Throw<ArgumentException>().Which.ParamName.Should().Be(param);
    }

    [Fact]
    public void FieldOption_Null_Throws()
    {
        Action act = () => _ = new FieldOption(null!);

        act.Should().Throw<ArgumentNullException>();
    }

    [Fact]
    public void PromptField_Defaults_AreRequiredVisibleAnyValue()
    {
        var field = new PromptField { Name = "reason", Type = FieldType.String };

        field.Required.Should().BeTrue();
        field.Visible.Should().BeTrue();
        field.AllowedValues.Should().BeEmpty();
        field.Prefetch.Should().BeFalse();
        field.OnChange.Should().BeFalse();
        field.Default.Should().BeNull();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    public void PromptField_EmptyName_Throws(string? name)
    {
        Action act = () => _ = new PromptField { Name = name!, Type = FieldType.String };

        act.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("Name");
    }

    [Fact]
    public void PromptField_RepeatedAllowedValue_Throws()
    {
        Action act = () => _ = new PromptField
        {
            Name = "env",
            Type = FieldType.String,
            AllowedValues = [new("prod"), new("staging"), new("prod", "Prod again")],
        };

        act.Should().Throw<ArgumentException>().WithMessage("*'prod'*");
    }

    [Fact]
    public void PromptField_NullAllowedValue_Throws()
    {
        Action act = () => _ = new PromptField { Name = "env", Type = FieldType.String, AllowedValues = [new("prod"), null!] };

        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void PromptField_AllowedValues_AreCopied()
    {
        var source = new List<FieldOption> { new("a") };
        var field = new PromptField { Name = "x", Type = FieldType.String, AllowedValues = source };

        source.Add(new("b"));

        field.AllowedValues.Should().ContainSingle();
    }

    [Fact]
    public void PromptForm_Find_ByExactName()
    {
        var form = new PromptForm
        {
            Fields = [new PromptField { Name = "reason", Type = FieldType.String }, new PromptField { Name = "duration", Type = FieldType.Duration }],
        };

        form.Find("duration")!.Type.Should().Be(FieldType.Duration);
        form.Find("Duration").Should().BeNull();
        form.Find("absent").Should().BeNull();
        ((Action)(() => form.Find(null!))).Should().Throw<ArgumentNullException>();
    }

    [Fact]
    public void PromptForm_RepeatedFieldName_Throws()
    {
        Action act = () => _ = new PromptForm
        {
            Fields = [new PromptField { Name = "reason", Type = FieldType.String }, new PromptField { Name = "reason", Type = FieldType.Int }],
        };

        act.Should().Throw<ArgumentException>().WithMessage("*'reason' repeats*");
    }
}
