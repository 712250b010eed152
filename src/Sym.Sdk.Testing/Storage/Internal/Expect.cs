using System.Globalization;

namespace Sym.Sdk.Testing.Storage.Internal;

/// <summary>
/// The store contract's assertions: each throws a <see cref="SymHarnessException"/> saying what was expected of the store
/// and what it did, so the contract needs no test framework.
/// </summary>
internal static class Expect
{
    public static void True(bool condition, string expectation)
    {
        if (!condition)
        {
            throw new SymHarnessException(expectation);
        }
    }

    public static void Equal<T>(T expected, T actual, string what)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
        {
            throw new SymHarnessException($"{what}: expected {Format(expected)}, but the store gave {Format(actual)}.");
        }
    }

    public static void Sequence<T>(IEnumerable<T> expected, IEnumerable<T> actual, string what)
    {
        T[] e = [.. expected], a = [.. actual];
        if (!e.SequenceEqual(a))
        {
            throw new SymHarnessException($"{what}: expected [{string.Join(", ", e.Select(Format))}], but the store gave [{string.Join(", ", a.Select(Format))}].");
        }
    }

    /// <summary>The same elements in any order.</summary>
    public static void Set<T>(IEnumerable<T> expected, IEnumerable<T> actual, string what)
    {
        string[] e = [.. expected.Select(Format).Order(StringComparer.Ordinal)], a = [.. actual.Select(Format).Order(StringComparer.Ordinal)];
        if (!e.SequenceEqual(a, StringComparer.Ordinal))
        {
            throw new SymHarnessException($"{what}: expected (in any order) [{string.Join(", ", e)}], but the store gave [{string.Join(", ", a)}].");
        }
    }

    public static T NotNull<T>(T? value, string what)
        where T : class =>
        value ?? throw new SymHarnessException($"{what}: expected a value, but the store gave null.");

    public static void Null<T>(T? value, string what)
        where T : class
    {
        if (value is not null)
        {
            throw new SymHarnessException($"{what}: expected null, but the store gave {Format(value)}.");
        }
    }

    public static T Single<T>(IReadOnlyList<T> items, string what) =>
        items.Count == 1 ? items[0] : throw new SymHarnessException($"{what}: expected exactly one, but the store gave {items.Count}.");

    public static void Empty<T>(IReadOnlyCollection<T> items, string what)
    {
        if (items.Count != 0)
        {
            throw new SymHarnessException($"{what}: expected none, but the store gave {items.Count}: [{string.Join(", ", items.Select(Format))}].");
        }
    }

    /// <summary>Every readable member of <paramref name="actual"/>, deeply, equals <paramref name="expected"/>'s (see <see cref="MemberDump"/>).</summary>
    public static void SameMembers(object? expected, object? actual, string what)
    {
        if (MemberDump.FirstDifference(expected, actual) is { } difference)
        {
            throw new SymHarnessException($"{what} does not read back as written: {difference}");
        }
    }

    /// <summary>Awaits <paramref name="action"/> and returns the exception it threw, which must be a <typeparamref name="TException"/>.</summary>
    public static async Task<TException> ThrowsAsync<TException>(Func<Task> action, string what)
        where TException : Exception
    {
        try
        {
            await action().ConfigureAwait(false);
        }
        catch (TException expected)
        {
            return expected;
        }
        catch (Exception other)
        {
            throw new SymHarnessException($"{what}: expected {typeof(TException).Name}, but the store threw {other.GetType().Name}: {other.Message}", other);
        }

        throw new SymHarnessException($"{what}: expected {typeof(TException).Name}, but the store threw nothing.");
    }

    public static string Format<T>(T value) => value switch
    {
        null => "null",
        string s => $"\"{s}\"",
        DateTimeOffset d => d.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
