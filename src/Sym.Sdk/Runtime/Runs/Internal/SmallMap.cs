using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Sym.Sdk.Runtime.Internal;

/// <summary>
/// An immutable, insertion-ordered map for the handful of entries a run keeps per step (<see cref="SymRun.Actors"/>,
/// <see cref="SymRun.Outputs"/>): one array, linear lookup by ordinal key. Two objects where a dictionary needs three,
/// and a fraction of the bytes, which matters for runs a store retains.
/// </summary>
internal sealed class SmallMap<T> : IReadOnlyDictionary<string, T>
{
    private readonly KeyValuePair<string, T>[] _items;

    private SmallMap(KeyValuePair<string, T>[] items) => _items = items;

    public int Count => _items.Length;

    public IEnumerable<string> Keys
    {
        get
        {
            foreach (KeyValuePair<string, T> kv in _items)
            {
                yield return kv.Key;
            }
        }
    }

    public IEnumerable<T> Values
    {
        get
        {
            foreach (KeyValuePair<string, T> kv in _items)
            {
                yield return kv.Value;
            }
        }
    }

    public T this[string key] => TryGetValue(key, out T? value) ? value : throw new KeyNotFoundException($"The key '{key}' is not present.");

    public static SmallMap<T> Of(string key, T value) => new([new(key, value)]);

    /// <summary>Collects entries (a repeated key replaces its value in place) into one exactly sized map.</summary>
    internal struct Builder
    {
        private KeyValuePair<string, T>[]? _items;
        private int _count;

        public void Set(string key, T value)
        {
            for (int i = 0; i < _count; i++)
            {
                if (string.Equals(_items![i].Key, key, StringComparison.Ordinal))
                {
                    _items[i] = new(key, value);
                    return;
                }
            }

            if (_items is null || _count == _items.Length)
            {
                Array.Resize(ref _items, Math.Max(4, _count * 2));
            }

            _items[_count++] = new(key, value);
        }

        public readonly SmallMap<T> Build() =>
            new(_items is null ? [] : _count == _items.Length ? _items : _items[.._count]);
    }

    /// <summary>A copy of a dictionary whose keys are distinct under ordinal comparison, in its enumeration order.</summary>
    public static SmallMap<T> From(IReadOnlyDictionary<string, T> source)
    {
        var items = new KeyValuePair<string, T>[source.Count];
        int i = 0;
        foreach (KeyValuePair<string, T> kv in source)
        {
            items[i++] = kv;
        }

        return new(items);
    }

    /// <summary>A copy of <paramref name="source"/> with <paramref name="key"/> set to <paramref name="value"/> (replaced in place, else appended).</summary>
    public static SmallMap<T> With(IReadOnlyDictionary<string, T> source, string key, T value)
    {
        if (source is SmallMap<T> map)
        {
            int index = map.IndexOf(key);
            KeyValuePair<string, T>[] items = new KeyValuePair<string, T>[index < 0 ? map._items.Length + 1 : map._items.Length];
            map._items.CopyTo(items, 0);
            items[index < 0 ? ^1 : index] = new(key, value);
            return new(items);
        }

        var list = new List<KeyValuePair<string, T>>(source.Count + 1);
        bool replaced = false;
        foreach (KeyValuePair<string, T> kv in source)
        {
            if (string.Equals(kv.Key, key, StringComparison.Ordinal))
            {
                list.Add(new(key, value));
                replaced = true;
            }
            else
            {
                list.Add(kv);
            }
        }

        if (!replaced)
        {
            list.Add(new(key, value));
        }

        return new([.. list]);
    }

    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out T value)
    {
        int index = IndexOf(key);
        if (index < 0)
        {
            value = default;
            return false;
        }

        value = _items[index].Value;
        return true;
    }

    public IEnumerator<KeyValuePair<string, T>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, T>>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private int IndexOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        KeyValuePair<string, T>[] items = _items;
        for (int i = 0; i < items.Length; i++)
        {
            if (string.Equals(items[i].Key, key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
