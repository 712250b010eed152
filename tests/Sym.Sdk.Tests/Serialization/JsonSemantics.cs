using System.Globalization;
using System.Text.Json;

namespace Sym.Sdk.Tests.Serialization;

/// <summary>
/// Compares two JSON documents by meaning: members in any order, numbers by value, and strings that are both
/// ISO 8601 timestamps by the instant they denote (a timestamp without a zone is UTC).
/// </summary>
internal static class JsonSemantics
{
    /// <summary>Returns the path of the first difference, or <see langword="null"/> when the documents mean the same.</summary>
    public static string? FindDifference(string expected, string actual)
    {
        using JsonDocument e = JsonDocument.Parse(expected);
        using JsonDocument a = JsonDocument.Parse(actual);
        return FindDifference(e.RootElement, a.RootElement, "$");
    }

    private static string? FindDifference(JsonElement expected, JsonElement actual, string path)
    {
        if (expected.ValueKind != actual.ValueKind
            && !(expected.ValueKind is JsonValueKind.True or JsonValueKind.False && actual.ValueKind is JsonValueKind.True or JsonValueKind.False))
        {
            return $"{path}: {expected.ValueKind} vs {actual.ValueKind}";
        }

        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                var expectedMembers = expected.EnumerateObject().ToList();
                var actualMembers = actual.EnumerateObject().ToList();
                if (expectedMembers.Count != actualMembers.Count)
                {
                    return $"{path}: {expectedMembers.Count} members vs {actualMembers.Count} "
                        + $"({string.Join(",", expectedMembers.Select(m => m.Name))} vs {string.Join(",", actualMembers.Select(m => m.Name))})";
                }

                foreach (JsonProperty member in expectedMembers)
                {
                    JsonProperty[] matches = actualMembers.Where(m => m.Name == member.Name).ToArray();
                    if (matches.Length == 0)
                    {
                        return $"{path}.{member.Name}: missing";
                    }

                    // With duplicate names, any equal counterpart will do.
                    string?[] differences = matches.Select(m => FindDifference(member.Value, m.Value, $"{path}.{member.Name}")).ToArray();
                    if (!differences.Contains(null))
                    {
                        return differences[0];
                    }
                }

                return null;
            case JsonValueKind.Array:
                if (expected.GetArrayLength() != actual.GetArrayLength())
                {
                    return $"{path}: array length {expected.GetArrayLength()} vs {actual.GetArrayLength()}";
                }

                for (int i = 0; i < expected.GetArrayLength(); i++)
                {
                    if (FindDifference(expected[i], actual[i], $"{path}[{i}]") is { } difference)
                    {
                        return difference;
                    }
                }

                return null;
            case JsonValueKind.String:
                string e = expected.GetString()!, a = actual.GetString()!;
                return e == a || (TryInstant(e, out DateTimeOffset ei) && TryInstant(a, out DateTimeOffset ai) && ei == ai)
                    ? null
                    : $"{path}: \"{e}\" vs \"{a}\"";
            case JsonValueKind.Number:
                return expected.GetRawText() == actual.GetRawText()
                    || (expected.TryGetDecimal(out decimal e1) && actual.TryGetDecimal(out decimal a1) && e1 == a1)
                    ? null
                    : $"{path}: {expected.GetRawText()} vs {actual.GetRawText()}";
            default:
                return expected.ValueKind == actual.ValueKind ? null : $"{path}: {expected.ValueKind} vs {actual.ValueKind}";
        }
    }

    private static bool TryInstant(string text, out DateTimeOffset instant)
    {
        instant = default;
        return text.Length >= 10 && char.IsAsciiDigit(text[0])
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out instant);
    }
}
