using Sym.Sdk.Forms;
using Sym.Sdk.Integrations.Slack.Internal;

namespace Sym.Sdk.Integrations.Tests.Slack.Internal;

public sealed class SlackModalMetadataTests
{
    private static PromptField Prefetched(string name, params string[] values) => new()
    {
        Name = name, Type = FieldType.String, Prefetch = true, AllowedValues = [.. values.Select(v => new FieldOption(v))],
    };

    [Fact]
    public void Format_NoPrefetchedOptions_IsTheBareFlowName()
    {
        PromptField plain = new() { Name = "reason", Type = FieldType.String };
        PromptField staticSelect = new() { Name = "env", Type = FieldType.String, AllowedValues = [new("prod")] };

        SlackModalMetadata.Format("custom_access", [plain, staticSelect, Prefetched("region")]).Should().Be("custom_access");
    }

    [Fact]
    public void FormatThenTryParse_RoundTrips_AndOnlyShownValuesPass()
    {
        string metadata = SlackModalMetadata.Format("custom_access", [Prefetched("region", "eu-1", "us-1", "äöü ✓ <&>"), Prefetched("team", "a")]);

        SlackModalMetadata.TryParse(metadata, out string flow, out IReadOnlyDictionary<string, string> shown).Should().BeTrue();
        flow.Should().Be("custom_access");
        shown.Keys.Should().BeEquivalentTo("region", "team");
        shown["region"].Should().HaveLength(36, "three 12-character fingerprints");
        SlackModalMetadata.WasShown(shown["region"], "us-1").Should().BeTrue();
        SlackModalMetadata.WasShown(shown["region"], "äöü ✓ <&>").Should().BeTrue();
        SlackModalMetadata.WasShown(shown["region"], "US-1").Should().BeFalse();
        SlackModalMetadata.WasShown(shown["region"], "a").Should().BeFalse("each field is checked against its own options");
        SlackModalMetadata.WasShown(shown["team"], "a").Should().BeTrue();
    }

    [Fact]
    public void Format_OptionsBeyondSlacksLimit_LeavesOutTheFieldsThatDoNotFit()
    {
        string[] many = [.. Enumerable.Range(0, 300).Select(i => $"v{i}")];

        string metadata = SlackModalMetadata.Format("custom_access", [Prefetched("small", "a", "b"), Prefetched("huge", many), Prefetched("tail", "c")]);

        metadata.Length.Should().BeLessThanOrEqualTo(SlackModalMetadata.MaxLength);
        SlackModalMetadata.TryParse(metadata, out _, out IReadOnlyDictionary<string, string> shown).Should().BeTrue();
        shown.Keys.Should().BeEquivalentTo("small", "tail");
    }

    [Theory]
    [InlineData(247, true)]
    [InlineData(248, false)]
    public void Format_AtTheLimit_KeepsTheFieldOnlyIfItFits(int options, bool kept)
    {
        // {"flow":"f","shown":{"x":""}} is 29 characters around the fingerprints: 247 make 2,993 in all, 248 make 3,005.
        string metadata = SlackModalMetadata.Format("f", [Prefetched("x", [.. Enumerable.Range(0, options).Select(i => $"v{i}")])]);

        metadata.Length.Should().BeLessThanOrEqualTo(SlackModalMetadata.MaxLength);
        SlackModalMetadata.TryParse(metadata, out _, out IReadOnlyDictionary<string, string> shown).Should().BeTrue();
        shown.ContainsKey("x").Should().Be(kept);
        if (kept)
        {
            metadata.Length.Should().Be(2993);
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("{}")]
    [InlineData("{\"flow\":1}")]
    [InlineData("{\"flow\":\"\"}")]
    public void TryParse_Malformed_IsFalse(string? metadata)
    {
        SlackModalMetadata.TryParse(metadata, out _, out _).Should().BeFalse();
    }

    [Fact]
    public void TryParse_FingerprintsOfTheWrongLength_AreIgnored()
    {
        SlackModalMetadata.TryParse("{\"flow\":\"f\",\"shown\":{\"x\":\"short\",\"y\":7}}", out string flow, out IReadOnlyDictionary<string, string> shown)
            .Should().BeTrue();

        flow.Should().Be("f");
        shown.Should().BeEmpty();
    }
}
