using System.Collections.ObjectModel;

namespace Sym.Sdk;

internal static class EmptyDictionary<TValue>
{
    public static readonly IReadOnlyDictionary<string, TValue> Instance =
        new ReadOnlyDictionary<string, TValue>(new Dictionary<string, TValue>(0, StringComparer.Ordinal));
}
