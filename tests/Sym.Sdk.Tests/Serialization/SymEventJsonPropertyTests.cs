using System.Text;
using System.Text.Json.Nodes;
using Sym.Sdk.Serialization;

namespace Sym.Sdk.Tests.Serialization;

/// <summary>
/// Feeds mutated recordings to the parser: every outcome must be an event (that then round-trips) or
/// <see cref="SymException"/> with code <c>SymSDK:INVALID_EVENT</c>; never another exception. Deterministic: the
/// mutations come from a seeded generator, so a failure reproduces.
/// </summary>
public sealed class SymEventJsonPropertyTests
{
    private const int Seed = 20261125;
    private const int RandomMutationsPerFixture = 4000;

    private static readonly string[] OtherJsonValues = ["null", "0", "-1.5e3", "true", "\"\"", "\"x\"", "[]", "{}", "[null]", "{\"a\":1}"];

    private static readonly string[] TrickySnippets = ["\\ud800", "\\udc00", "\\u0000", "\\\"", "\\n", "1e999", "-0", "\u00e9", "\U0001F600", "\t"];

    private static readonly byte[] JsonishBytes = Encoding.UTF8.GetBytes("{}[]\":,0123456789.-+eEtruefalsnl \\u\n\t\u00e9");

    [Theory]
    [MemberData(nameof(SymEventFixtures.All), MemberType = typeof(SymEventFixtures))]
    public void Parse_TruncatedAtEveryOffset_ReturnsEventOrInvalidEvent(string fixture)
    {
        byte[] utf8 = SymEventFixtures.ReadBytes(fixture);
        var failures = new List<string>();
        int rejected = 0;

        for (int length = 0; length < utf8.Length; length++)
        {
            rejected += Check(utf8.AsSpan(0, length).ToArray(), $"truncated to {length} bytes", failures) ? 0 : 1;
        }

        string.Join(Environment.NewLine, failures.Take(20)).Should().BeEmpty($"{failures.Count} cases broke the contract");
        rejected.Should().BeGreaterThan(utf8.Length - 4, "only a cut in the trailing white space leaves a whole document");
    }

    [Theory]
    [MemberData(nameof(SymEventFixtures.All), MemberType = typeof(SymEventFixtures))]
    public void Parse_RandomByteEdits_ReturnsEventOrInvalidEvent(string fixture)
    {
        byte[] utf8 = SymEventFixtures.ReadBytes(fixture);
        var random = new Random(Seed);
        var failures = new List<string>();
        int accepted = 0;

        for (int i = 0; i < RandomMutationsPerFixture; i++)
        {
            (byte[] mutated, string description) = Mutate(utf8, random);
            accepted += Check(mutated, $"mutation {i}: {description}", failures) ? 1 : 0;
        }

        string.Join(Environment.NewLine, failures.Take(20)).Should().BeEmpty($"{failures.Count} cases broke the contract");
        accepted.Should().BeGreaterThan(0, "some edits (inside unknown values or strings) leave a valid event");
        accepted.Should().BeLessThan(RandomMutationsPerFixture, "most edits break the document");
    }

    [Theory]
    [MemberData(nameof(SymEventFixtures.All), MemberType = typeof(SymEventFixtures))]
    public void Parse_EveryValueReplacedByOtherJsonTypes_ReturnsEventOrInvalidEvent(string fixture)
    {
        ReplaceEveryValue(SymEventFixtures.Read(fixture));
    }

    [Fact]
    public void Parse_NewerShapeWithEveryValueReplacedByOtherJsonTypes_ReturnsEventOrInvalidEvent()
    {
        ReplaceEveryValue(SymEventJsonTests.NewerEvent);
    }

    private static void ReplaceEveryValue(string json)
    {
        var failures = new List<string>();
        int cases = 0;

        foreach (string path in ValuePaths(JsonNode.Parse(json)!, string.Empty))
        {
            foreach (string replacement in OtherJsonValues)
            {
                JsonNode root = JsonNode.Parse(json)!;
                Replace(root, path, JsonNode.Parse(replacement));
                Check(Encoding.UTF8.GetBytes(root.ToJsonString()), $"{path} = {replacement}", failures);
                cases++;
            }
        }

        string.Join(Environment.NewLine, failures.Take(20)).Should().BeEmpty($"{failures.Count} cases broke the contract");
        cases.Should().BeGreaterThan(300);
    }

    /// <summary>Returns whether the input was accepted; records a failure when the outcome breaks the contract.</summary>
    private static bool Check(byte[] input, string description, List<string> failures)
    {
        Event evt;
        try
        {
            evt = SymEventJson.Parse(input);
        }
        catch (SymException ex) when (ex.ErrorCode == SymEventJson.InvalidEventErrorCode && ex.GetType() == typeof(SymException))
        {
            return false;
        }
        catch (Exception ex)
        {
            failures.Add($"{description}: {ex.GetType().Name}: {ex.Message}");
            return false;
        }

        try
        {
            string written = SymEventJson.Serialize(evt);
            if (JsonSemantics.FindDifference(Encoding.UTF8.GetString(input), written) is { } difference)
            {
                failures.Add($"{description}: round trip differs at {difference}");
            }
        }
        catch (Exception ex)
        {
            failures.Add($"{description}: serializing the parsed event threw {ex.GetType().Name}: {ex.Message}");
        }

        return true;
    }

    private static (byte[] Mutated, string Description) Mutate(byte[] utf8, Random random)
    {
        var bytes = new List<byte>(utf8);
        int at = random.Next(bytes.Count);
        switch (random.Next(6))
        {
            case 0:
                int bit = random.Next(8);
                bytes[at] ^= (byte)(1 << bit);
                return ([.. bytes], $"flip bit {bit} at {at}");
            case 1:
                byte value = (byte)random.Next(256);
                bytes[at] = value;
                return ([.. bytes], $"set byte {at} to 0x{value:X2}");
            case 2:
                int count = Math.Min(random.Next(1, 9), bytes.Count - at);
                bytes.RemoveRange(at, count);
                return ([.. bytes], $"delete {count} bytes at {at}");
            case 3:
                byte[] inserted = Enumerable.Range(0, random.Next(1, 5)).Select(_ => JsonishBytes[random.Next(JsonishBytes.Length)]).ToArray();
                bytes.InsertRange(at, inserted);
                return ([.. bytes], $"insert '{Encoding.UTF8.GetString(inserted)}' at {at}");
            case 4:
                string snippet = TrickySnippets[random.Next(TrickySnippets.Length)];
                bytes.InsertRange(at, Encoding.UTF8.GetBytes(snippet));
                return ([.. bytes], $"insert '{snippet}' at {at}");
            default:
                byte[] noise = Enumerable.Range(0, random.Next(1, 4)).Select(_ => (byte)random.Next(256)).ToArray();
                bytes.InsertRange(at, noise);
                return ([.. bytes], $"insert {Convert.ToHexString(noise)} at {at}");
        }
    }

    private static IEnumerable<string> ValuePaths(JsonNode node, string path)
    {
        if (path.Length > 0)
        {
            yield return path;
        }

        if (node is JsonObject obj)
        {
            foreach (KeyValuePair<string, JsonNode?> member in obj)
            {
                foreach (string child in member.Value is null ? [$"{path}/{member.Key}"] : ValuePaths(member.Value, $"{path}/{member.Key}"))
                {
                    yield return child;
                }
            }
        }
        else if (node is JsonArray array)
        {
            for (int i = 0; i < array.Count; i++)
            {
                foreach (string child in array[i] is null ? [$"{path}/{i}"] : ValuePaths(array[i]!, $"{path}/{i}"))
                {
                    yield return child;
                }
            }
        }
    }

    private static void Replace(JsonNode root, string path, JsonNode? replacement)
    {
        string[] parts = path.TrimStart('/').Split('/');
        JsonNode parent = root;
        foreach (string part in parts[..^1])
        {
            parent = parent is JsonArray a ? a[int.Parse(part, System.Globalization.CultureInfo.InvariantCulture)]! : parent[part]!;
        }

        if (parent is JsonArray array)
        {
            array[int.Parse(parts[^1], System.Globalization.CultureInfo.InvariantCulture)] = replacement;
        }
        else
        {
            parent[parts[^1]] = replacement;
        }
    }
}
