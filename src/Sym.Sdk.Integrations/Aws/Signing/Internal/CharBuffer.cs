using System.Buffers;

namespace Sym.Sdk.Integrations.Aws.Signing.Internal;

/// <summary>An append-only char buffer over a stack span that spills to a pooled array.</summary>
internal ref struct CharBuffer
{
    private char[]? _rented;
    private Span<char> _chars;
    private int _length;

    public CharBuffer(Span<char> initial)
    {
        _chars = initial;
        _rented = null;
        _length = 0;
    }

    public readonly int Length => _length;

    public readonly ReadOnlySpan<char> Written => _chars[.._length];

    public void Append(char c)
    {
        if (_length == _chars.Length)
        {
            Grow(1);
        }

        _chars[_length++] = c;
    }

    public void Append(scoped ReadOnlySpan<char> text)
    {
        if (_length + text.Length > _chars.Length)
        {
            Grow(text.Length);
        }

        text.CopyTo(_chars[_length..]);
        _length += text.Length;
    }

    public Span<char> AppendSpan(int length)
    {
        if (_length + length > _chars.Length)
        {
            Grow(length);
        }

        Span<char> span = _chars.Slice(_length, length);
        _length += length;
        return span;
    }

    public void Dispose()
    {
        if (_rented is { } rented)
        {
            _rented = null;
            ArrayPool<char>.Shared.Return(rented);
        }
    }

    private void Grow(int additional)
    {
        char[] next = ArrayPool<char>.Shared.Rent(Math.Max(_chars.Length * 2, _length + additional));
        _chars[.._length].CopyTo(next);
        if (_rented is { } old)
        {
            ArrayPool<char>.Shared.Return(old);
        }

        _rented = next;
        _chars = next;
    }
}
