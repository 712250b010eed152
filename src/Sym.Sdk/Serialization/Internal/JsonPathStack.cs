using System.Runtime.CompilerServices;
using System.Text;

namespace Sym.Sdk.Serialization.Internal;

/// <summary>
/// The JSON path of the member being read (<c>$.run.actors.request.identity.service</c>), kept as segments so that
/// nothing is formatted unless an error needs it.
/// </summary>
internal struct JsonPathStack
{
    private Segments _segments;
    private int _depth;

    public void Push(string segment)
    {
        if (_depth < Segments.Length)
        {
            _segments[_depth] = segment;
        }

        _depth++;
    }

    public void Pop() => _depth--;

    public override readonly string ToString()
    {
        var sb = new StringBuilder("$", 64);
        for (int i = 0; i < Math.Min(_depth, Segments.Length); i++)
        {
            Append(sb, _segments[i]!);
        }

        return sb.ToString();
    }

    /// <summary>Formats a path with one more segment than is on the stack.</summary>
    public readonly string With(string segment)
    {
        var copy = this;
        copy.Push(segment);
        return copy.ToString();
    }

    private static void Append(StringBuilder sb, string segment)
    {
        bool simple = segment.Length > 0;
        foreach (char c in segment)
        {
            simple &= char.IsAsciiLetterOrDigit(c) || c == '_' || c == '-';
        }

        if (simple)
        {
            sb.Append('.').Append(segment);
        }
        else
        {
            sb.Append("['").Append(segment.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal)).Append("']");
        }
    }

    [InlineArray(Length)]
    private struct Segments
    {
        public const int Length = 12;

        private string? _element;
    }
}
