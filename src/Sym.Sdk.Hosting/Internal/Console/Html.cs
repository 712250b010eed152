using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace Sym.Sdk.Hosting.Internal.Console;

/// <summary>
/// Builds a page's HTML. Interpolated into <see cref="Add"/>, literals are markup and every value is HTML-encoded,
/// unless it is <see cref="Markup"/> (built by another <see cref="Html"/>): a value cannot inject markup by mistake.
/// </summary>
internal sealed class Html
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    internal StringBuilder Builder { get; } = new(1024);

    public Html Add([InterpolatedStringHandlerArgument("")] ref HtmlHandler handler)
    {
        _ = handler;
        return this;
    }

    public Html Text(string? value)
    {
        Builder.Append(Encode(value));
        return this;
    }

    public Markup ToMarkup() => new(Builder.ToString());

    public override string ToString() => Builder.ToString();

    public static string Encode(string? value) => value is null ? string.Empty : Encoder.Encode(value);
}

/// <summary>HTML that is already safe (built by <see cref="Html"/>), written as is.</summary>
internal readonly record struct Markup(string Value)
{
    public static Markup Empty { get; } = new(string.Empty);
}

/// <summary>Encodes every interpolated value of <see cref="Html.Add"/> but <see cref="Markup"/>.</summary>
[InterpolatedStringHandler]
internal readonly ref struct HtmlHandler
{
    private readonly StringBuilder _builder;

    public HtmlHandler(int literalLength, int formattedCount, Html html)
    {
        _ = literalLength;
        _ = formattedCount;
        _builder = html.Builder;
    }

    public void AppendLiteral(string value) => _builder.Append(value);

    public void AppendFormatted(Markup value) => _builder.Append(value.Value);

    public void AppendFormatted(string? value) => _builder.Append(Html.Encode(value));

    public void AppendFormatted<T>(T value) => _builder.Append(Html.Encode(value is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : value?.ToString()));

    public void AppendFormatted<T>(T value, string format) where T : IFormattable =>
        _builder.Append(Html.Encode(value.ToString(format, CultureInfo.InvariantCulture)));
}
