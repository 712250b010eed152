using System.Text;
using Sym.Sdk.Serialization;

namespace Sym.Sdk.Tests.Serialization;

public sealed class SymEventJsonFixtureTests
{
    [Fact]
    public void Fixtures_FolderHoldsRecordedEvents()
    {
        SymEventFixtures.Names.Should().NotBeEmpty($"{SymEventFixtures.Folder} should hold recorded Sym events");
    }

    [Theory]
    [MemberData(nameof(SymEventFixtures.All), MemberType = typeof(SymEventFixtures))]
    public void Serialize_ParsedFixture_KeepsEveryValue(string fixture)
    {
        string json = SymEventFixtures.Read(fixture);

        string written = SymEventJson.Serialize(SymEventJson.Parse(json));

        JsonSemantics.FindDifference(json, written).Should().BeNull();
    }

    [Theory]
    [MemberData(nameof(SymEventFixtures.All), MemberType = typeof(SymEventFixtures))]
    public void Serialize_ParsedFixtureTwice_IsStable(string fixture)
    {
        string once = SymEventJson.Serialize(SymEventJson.Parse(SymEventFixtures.Read(fixture)));

        string twice = SymEventJson.Serialize(SymEventJson.Parse(once));

        twice.Should().Be(once);
    }

    [Theory]
    [MemberData(nameof(SymEventFixtures.All), MemberType = typeof(SymEventFixtures))]
    public void Parse_Utf8AndString_ReadTheSameEvent(string fixture)
    {
        byte[] utf8 = SymEventFixtures.ReadBytes(fixture);

        Event fromBytes = SymEventJson.Parse(utf8);
        Event fromString = SymEventJson.Parse(Encoding.UTF8.GetString(utf8));

        SymEventJson.Serialize(fromBytes).Should().Be(SymEventJson.Serialize(fromString));
        fromBytes.Name.Should().Be(fromString.Name);
        fromBytes.Payload.Timestamp.Should().Be(fromString.Payload.Timestamp);
    }

    [Theory]
    [MemberData(nameof(SymEventFixtures.All), MemberType = typeof(SymEventFixtures))]
    public void SerializeToUtf8Bytes_ParsedFixture_MatchesSerialize(string fixture)
    {
        Event evt = SymEventJson.Parse(SymEventFixtures.Read(fixture));

        Encoding.UTF8.GetString(SymEventJson.SerializeToUtf8Bytes(evt)).Should().Be(SymEventJson.Serialize(evt));
    }
}
