namespace Sym.Sdk.Runtime.Internal;

/// <summary>Copy-on-write helpers for the immutable collections of <see cref="SymRun"/>.</summary>
internal static class CopyOnWrite
{
    public static IReadOnlyDictionary<string, T> With<T>(IReadOnlyDictionary<string, T> source, string key, T value) =>
        SmallMap<T>.With(source, key, value);

    public static T[] Append<T>(IReadOnlyList<T> source, T item)
    {
        var copy = new T[source.Count + 1];
        for (int i = 0; i < source.Count; i++)
        {
            copy[i] = source[i];
        }

        copy[^1] = item;
        return copy;
    }
}
