using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Reflection;
using System.Text.Json;

namespace Sym.Sdk.Testing.Storage.Internal;

/// <summary>
/// Flattens an object graph into <c>path = value</c> lines — every public instance property, deeply; list items by index;
/// dictionary entries by key (ordinal order); JSON values by their text; instants in UTC — so two graphs compare member by
/// member, and the first line that differs names what a store lost or changed (<c>Requester.Identities[0].Email</c>).
/// </summary>
[UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "Reads the public properties of Sym.Sdk's model types in test projects, which are not trimmed.")]
internal static class MemberDump
{
    private const int MaxDepth = 24;

    /// <summary>Describes the first member where the two graphs differ, or returns <see langword="null"/> when none does.</summary>
    public static string? FirstDifference(object? expected, object? actual)
    {
        List<string> e = Lines(expected), a = Lines(actual);
        for (int i = 0; i < Math.Max(e.Count, a.Count); i++)
        {
            string? x = i < e.Count ? e[i] : null, y = i < a.Count ? a[i] : null;
            if (!string.Equals(x, y, StringComparison.Ordinal))
            {
                return $"expected {x ?? "nothing more"}, but read {y ?? "nothing more"}.";
            }
        }

        return null;
    }

    public static List<string> Lines(object? value)
    {
        var lines = new List<string>();
        Write(value, "value", lines, new Stack<object>());
        return lines;
    }

    private static void Write(object? value, string path, List<string> lines, Stack<object> ancestors)
    {
        switch (value)
        {
            case null:
                lines.Add($"{path} = null");
                return;
            case string s:
                lines.Add($"{path} = \"{s}\"");
                return;
            case JsonElement json:
                lines.Add($"{path} = {json.GetRawText()}");
                return;
            case DateTimeOffset instant:
                lines.Add($"{path} = {Expect.Format(instant)}");
                return;
            case Enum or TimeSpan or DateTime or Guid or Uri or decimal:
                lines.Add($"{path} = {Convert.ToString(value, CultureInfo.InvariantCulture)}");
                return;
        }

        Type type = value.GetType();
        if (type.IsPrimitive)
        {
            lines.Add($"{path} = {Convert.ToString(value, CultureInfo.InvariantCulture)}");
            return;
        }

        if (ancestors.Count >= MaxDepth || ancestors.Any(seen => ReferenceEquals(seen, value)))
        {
            lines.Add($"{path} = (cycle)");
            return;
        }

        ancestors.Push(value);
        try
        {
            if (value is IEnumerable items)
            {
                WriteItems(items, path, lines, ancestors);
            }

            if (IsOurs(type))
            {
                foreach (PropertyInfo property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                    .Where(p => p.GetIndexParameters().Length == 0 && !IsCollectionPlumbing(value, p))
                    .OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    object? member;
                    try
                    {
                        member = property.GetValue(value);
                    }
                    catch (TargetInvocationException ex)
                    {
                        lines.Add($"{path}.{property.Name} throws {ex.InnerException?.GetType().Name}");
                        continue;
                    }

                    Write(member, $"{path}.{property.Name}", lines, ancestors);
                }
            }
            else if (value is not IEnumerable)
            {
                lines.Add($"{path} = {value}");
            }
        }
        finally
        {
            ancestors.Pop();
        }
    }

    private static void WriteItems(IEnumerable items, string path, List<string> lines, Stack<object> ancestors)
    {
        var list = items.Cast<object?>().ToList();
        if (list.Count > 0 && list.All(IsKeyValuePair))
        {
            var entries = list.Select(static kv => (Key: Convert.ToString(kv!.GetType().GetProperty("Key")!.GetValue(kv), CultureInfo.InvariantCulture) ?? "",
                Value: kv.GetType().GetProperty("Value")!.GetValue(kv))).OrderBy(static e => e.Key, StringComparer.Ordinal).ToList();
            lines.Add($"{path}.Keys = [{string.Join(", ", entries.Select(static e => e.Key))}]");
            foreach ((string key, object? item) in entries)
            {
                Write(item, $"{path}[{key}]", lines, ancestors);
            }

            return;
        }

        lines.Add($"{path}.Count = {list.Count}");
        for (int i = 0; i < list.Count; i++)
        {
            Write(list[i], $"{path}[{i}]", lines, ancestors);
        }
    }

    private static bool IsKeyValuePair(object? item) =>
        item is not null && item.GetType() is { IsGenericType: true } t && t.GetGenericTypeDefinition() == typeof(KeyValuePair<,>);

    /// <summary>Sym's own types (and their records and value wrappers) are compared by their members; others by their text.</summary>
    private static bool IsOurs(Type type) => type.Namespace?.StartsWith("Sym.", StringComparison.Ordinal) == true;

    /// <summary>A collection's own bookkeeping (Count, Keys, Values, Comparer) is covered by its items.</summary>
    private static bool IsCollectionPlumbing(object value, PropertyInfo property) =>
        value is IEnumerable && property.Name is "Count" or "Keys" or "Values" or "Comparer";
}
