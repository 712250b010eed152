using System.Buffers;
using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json.Serialization;

namespace Sym.Sdk;

/// <summary>
/// A Sym Resource Name: <c>&lt;org&gt;:&lt;model&gt;[:&lt;type&gt;]:&lt;slug&gt;:&lt;version&gt;[:&lt;identifier&gt;]</c>,
/// for example <c>healthy-health:access_target:okta_group:admins:latest</c> or
/// <c>sym:run:lambda_access:1.0.0:ff30a212-24d9-459c-8784-de275042b083</c>.
/// </summary>
/// <remarks>
/// <para>Org, model, type and slug are made of letters, digits, <c>-</c> and <c>_</c>, and are lower-cased; the
/// version is <c>latest</c> or <c>x.y.z</c> and is kept as written. Only the models in <see cref="TypedModels"/> carry
/// a type component.</para>
/// <para>Parsing is lenient toward what the platform really sends: a typed model may omit its type
/// (<c>sym:user:&lt;uuid&gt;:latest</c>, <c>sym:access_target:lambda_access:latest:&lt;id&gt;</c>), in which case
/// <see cref="Type"/> is <see langword="null"/>. Identifiers are opaque and kept as written.</para>
/// <para>Two SRNs are equal when their canonical text (<see cref="ToString"/>) is equal. In JSON an SRN is a string
/// (<see cref="SrnJsonConverter"/>).</para>
/// </remarks>
[JsonConverter(typeof(SrnJsonConverter))]
public sealed class Srn : IEquatable<Srn>, IParsable<Srn>
{
    private const int MaxComponents = 6;

    private string? _formatted;

    /// <summary>The models whose SRNs carry a type component.</summary>
    public static IReadOnlySet<string> TypedModels { get; } = FrozenSet.ToFrozenSet(
        ["access_strategy", "access_target", "user", "secret", "secrets", "integration", "log_destination"],
        StringComparer.Ordinal);

    /// <summary>Creates an SRN from its parts, validating each.</summary>
    /// <param name="org">The organization slug.</param>
    /// <param name="model">The model, for example <c>access_target</c>.</param>
    /// <param name="slug">The resource's slug.</param>
    /// <param name="version"><c>latest</c> or <c>x.y.z</c>.</param>
    /// <param name="type">The type component, or <see langword="null"/>; only for models in <see cref="TypedModels"/>.</param>
    /// <param name="identifier">The trailing identifier, or <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="org"/>, <paramref name="model"/>, <paramref name="slug"/> or <paramref name="version"/> is <see langword="null"/>.</exception>
    /// <exception cref="SrnFormatException">A part is empty or malformed, or <paramref name="type"/> is given for a model without types.</exception>
    public Srn(string org, string model, string slug, string version, string? type = null, string? identifier = null)
    {
        ArgumentNullException.ThrowIfNull(org);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(slug);
        ArgumentNullException.ThrowIfNull(version);
        string text = Describe(org, model, type, slug, version, identifier);
        Org = Component(org, "org", text);
        Model = Component(model, "model", text);
        if (type is not null && !TypedModels.Contains(Model))
        {
            throw new SrnFormatException(SrnFormatException.TooManyComponents, text, $"Model '{Model}' has no type component.");
        }

        Type = type is null ? null : Component(type, "type", text);
        Slug = Component(slug, "slug", text);
        Version = IsVersion(version) ? version : throw BadVersion(version, text);
        Identifier = identifier is null ? null : CheckIdentifier(identifier, text);
    }

    private Srn(string org, string model, string? type, string slug, string version, string? identifier, string? formatted)
    {
        (Org, Model, Type, Slug, Version, Identifier, _formatted) = (org, model, type, slug, version, identifier, formatted);
    }

    /// <summary>The organization, for example <c>healthy-health</c> or <c>sym</c>.</summary>
    public string Org { get; }

    /// <summary>The model, for example <c>access_target</c>, <c>flow</c> or <c>run</c>.</summary>
    public string Model { get; }

    /// <summary>The type component (for typed models), or <see langword="null"/> when absent.</summary>
    public string? Type { get; }

    /// <summary>The resource's slug.</summary>
    public string Slug { get; }

    /// <summary>The version: <c>latest</c> or <c>x.y.z</c>.</summary>
    public string Version { get; }

    /// <summary>The trailing identifier (for example a run's or target's id), or <see langword="null"/>.</summary>
    public string? Identifier { get; }

    /// <summary>Whether <see cref="Version"/> is <c>latest</c>.</summary>
    public bool IsLatest => Version == "latest";

    /// <summary>Parses an SRN.</summary>
    /// <param name="value">The text to parse.</param>
    /// <returns>The parsed SRN.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    /// <exception cref="SrnFormatException">The text is not a valid SRN; <see cref="SymException.ErrorCode"/> says why.</exception>
    public static Srn Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return TryParseCore(value, out Srn? srn, out string? code, out string? reason)
            ? srn
            : throw new SrnFormatException(code, value, reason);
    }

    /// <summary>Tries to parse an SRN, without throwing.</summary>
    /// <param name="value">The text to parse.</param>
    /// <param name="srn">The parsed SRN, or <see langword="null"/>.</param>
    /// <returns>Whether <paramref name="value"/> is a valid SRN.</returns>
    public static bool TryParse([NotNullWhen(true)] string? value, [NotNullWhen(true)] out Srn? srn)
    {
        if (value is null)
        {
            srn = null;
            return false;
        }

        return TryParseCore(value, out srn, out _, out _);
    }

    static Srn IParsable<Srn>.Parse(string s, IFormatProvider? provider) => Parse(s);

    static bool IParsable<Srn>.TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, [MaybeNullWhen(false)] out Srn result) =>
        TryParse(s, out result);

    /// <summary>Returns a copy with another version.</summary>
    /// <param name="version"><c>latest</c> or <c>x.y.z</c>.</param>
    /// <returns>The new SRN.</returns>
    /// <exception cref="SrnFormatException">Code <see cref="SrnFormatException.InvalidVersion"/>.</exception>
    public Srn WithVersion(string version) => new(Org, Model, Slug, version, Type, Identifier);

    /// <summary>Returns a copy with another identifier (or none).</summary>
    /// <param name="identifier">The identifier, or <see langword="null"/>.</param>
    /// <returns>The new SRN.</returns>
    /// <exception cref="SrnFormatException">Code <see cref="SrnFormatException.InvalidIdentifier"/>.</exception>
    public Srn WithIdentifier(string? identifier) => new(Org, Model, Slug, Version, Type, identifier);

    /// <summary>The canonical text of the SRN.</summary>
    /// <returns>For example <c>sym:flow:lambda_access:1.0.0</c>.</returns>
    public override string ToString() => _formatted ??= Describe(Org, Model, Type, Slug, Version, Identifier);

    /// <inheritdoc />
    public bool Equals(Srn? other) =>
        other is not null && (ReferenceEquals(this, other) || string.Equals(ToString(), other.ToString(), StringComparison.Ordinal));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Srn);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());

    /// <summary>Compares two SRNs by their canonical text.</summary>
    /// <param name="left">The first SRN.</param>
    /// <param name="right">The second SRN.</param>
    /// <returns>Whether both are null or both format the same.</returns>
    public static bool operator ==(Srn? left, Srn? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Compares two SRNs by their canonical text.</summary>
    /// <param name="left">The first SRN.</param>
    /// <param name="right">The second SRN.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(Srn? left, Srn? right) => !(left == right);

    private static string Describe(string org, string model, string? type, string slug, string version, string? identifier) =>
        (type, identifier) switch
        {
            (null, null) => string.Join(':', org, model, slug, version),
            (null, _) => string.Join(':', org, model, slug, version, identifier),
            (_, null) => string.Join(':', org, model, type, slug, version),
            _ => string.Join(':', org, model, type, slug, version, identifier),
        };

    private static bool TryParseCore(
        string value,
        [NotNullWhen(true)] out Srn? srn,
        [NotNullWhen(false)] out string? code,
        [NotNullWhen(false)] out string? reason)
    {
        srn = null;
        ReadOnlySpan<char> text = value;
        if (text.IsEmpty)
        {
            return Fail(SrnFormatException.MissingComponent, "The SRN is empty.", out code, out reason);
        }

        if (text[^1] == ':')
        {
            return Fail(SrnFormatException.TrailingSeparator, "The SRN ends with a ':' separator.", out code, out reason);
        }

        Span<Range> parts = stackalloc Range[MaxComponents + 1];
        int count = text.Split(parts, ':');
        for (int i = 0; i < count; i++)
        {
            if (text[parts[i]].IsEmpty)
            {
                return Fail(SrnFormatException.MissingComponent, "The SRN has an empty component ('::').", out code, out reason);
            }
        }

        if (count < 4)
        {
            return Fail(SrnFormatException.MissingComponent, "An SRN needs at least <org>:<model>:<slug>:<version>.", out code, out reason);
        }

        if (count > MaxComponents)
        {
            return Fail(SrnFormatException.TooManyComponents,
                "An SRN has at most <org>:<model>:<type>:<slug>:<version>:<identifier>.", out code, out reason);
        }

        ReadOnlySpan<char> org = text[parts[0]], model = text[parts[1]];
        if (!IsSlug(org))
        {
            return Fail(SrnFormatException.InvalidSlug, SlugReason("org", org), out code, out reason);
        }

        if (!IsSlug(model))
        {
            return Fail(SrnFormatException.InvalidSlug, SlugReason("model", model), out code, out reason);
        }

        string modelText = Lower(model);
        bool typed = TypedModels.Contains(modelText);
        Range type = default, slug, version, identifier = default;
        bool hasType = false, hasIdentifier = false;
        switch (count)
        {
            case 4:
                (slug, version) = (parts[2], parts[3]);
                break;
            case 5:
                // Either <slug>:<version>:<identifier> (also the type-less form of a typed model that real wire data
                // carries) or <type>:<slug>:<version>, which only typed models have. "latest" is a valid slug, so a
                // typed model whose fourth and fifth parts both read as versions is taken as <type>:<slug>:<version>.
                bool middleIsVersion = IsVersion(text[parts[3]]);
                bool lastIsVersion = IsVersion(text[parts[4]]);
                if (typed && (!middleIsVersion || lastIsVersion))
                {
                    (type, slug, version, hasType) = (parts[2], parts[3], parts[4], true);
                }
                else if (!typed && !middleIsVersion && lastIsVersion)
                {
                    return Fail(SrnFormatException.TooManyComponents,
                        $"Model '{modelText}' has no type component, so its SRN reads <org>:<model>:<slug>:<version>[:<identifier>].",
                        out code, out reason);
                }
                else
                {
                    (slug, version, identifier, hasIdentifier) = (parts[2], parts[3], parts[4], true);
                }

                break;
            default:
                if (!typed)
                {
                    return Fail(SrnFormatException.TooManyComponents,
                        $"Model '{modelText}' has no type component, so its SRN has at most <org>:<model>:<slug>:<version>:<identifier>.",
                        out code, out reason);
                }

                (type, slug, version, identifier, hasType, hasIdentifier) = (parts[2], parts[3], parts[4], parts[5], true, true);
                break;
        }

        if (hasType && !IsSlug(text[type]))
        {
            return Fail(SrnFormatException.InvalidSlug, SlugReason("type", text[type]), out code, out reason);
        }

        if (!IsSlug(text[slug]))
        {
            return Fail(SrnFormatException.InvalidSlug, SlugReason("slug", text[slug]), out code, out reason);
        }

        if (!IsVersion(text[version]))
        {
            return Fail(SrnFormatException.InvalidVersion, VersionReason(text[version]), out code, out reason);
        }

        if (hasIdentifier && !IsIdentifier(text[identifier]))
        {
            return Fail(SrnFormatException.InvalidIdentifier, IdentifierReason, out code, out reason);
        }

        // Text already in canonical form (the common case on the wire) is kept as the SRN's formatted value.
        bool canonical = !HasUpper(org) && !HasUpper(model) && !HasUpper(text[slug]) && (!hasType || !HasUpper(text[type]));
        srn = new Srn(
            Lower(org),
            modelText,
            hasType ? Lower(text[type]) : null,
            Lower(text[slug]),
            Common(text[version]) ?? text[version].ToString(),
            hasIdentifier ? text[identifier].ToString() : null,
            canonical ? value : null);
        code = null;
        reason = null;
        return true;
    }

    private static bool Fail(string errorCode, string why, out string code, out string reason)
    {
        (code, reason) = (errorCode, why);
        return false;
    }

    private static string Component(string part, string component, string srn) =>
        IsSlug(part) ? Lower(part) : throw new SrnFormatException(
            part.Length == 0 ? SrnFormatException.MissingComponent : SrnFormatException.InvalidSlug, srn,
            part.Length == 0 ? $"The {component} is empty." : SlugReason(component, part));

    private static string CheckIdentifier(string identifier, string srn) =>
        IsIdentifier(identifier) ? identifier : throw new SrnFormatException(SrnFormatException.InvalidIdentifier, srn, IdentifierReason);

    private static SrnFormatException BadVersion(string version, string srn) =>
        new(SrnFormatException.InvalidVersion, srn, VersionReason(version));

    private static string SlugReason(string component, ReadOnlySpan<char> part) =>
        $"The {component} '{part}' may contain only letters, digits, '-' and '_'.";

    private static string VersionReason(ReadOnlySpan<char> version) => $"The version '{version}' must be 'latest' or 'x.y.z'.";

    private const string IdentifierReason = "The identifier is empty or contains ':', white space or control characters.";

    private static string Lower(ReadOnlySpan<char> part) =>
        HasUpper(part) ? part.ToString().ToLowerInvariant() : Common(part) ?? part.ToString();

    /// <summary>The components nearly every SRN on the wire repeats, shared instead of allocated per parse.</summary>
    private static string? Common(ReadOnlySpan<char> part) => part switch
    {
        "sym" => "sym",
        "latest" => "latest",
        "1.0.0" => "1.0.0",
        "run" => "run",
        "flow" => "flow",
        "user" => "user",
        "normal" => "normal",
        "template" => "template",
        "event-spec" => "event-spec",
        "approval" => "approval",
        "access_target" => "access_target",
        "access_strategy" => "access_strategy",
        _ => null,
    };

    private static bool HasUpper(ReadOnlySpan<char> part) => part.ContainsAnyInRange('A', 'Z');

    private static readonly SearchValues<char> SlugChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_");

    /// <summary>What an identifier cannot hold in ASCII: the separator, whitespace and control characters.</summary>
    private static readonly SearchValues<char> IdentifierStops = SearchValues.Create(
        ":\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000A\u000B\u000C\u000D\u000E\u000F" +
        "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F\u0020\u007F");

    private static bool IsSlug(ReadOnlySpan<char> part) => !part.IsEmpty && !part.ContainsAnyExcept(SlugChars);

    private static bool IsIdentifier(ReadOnlySpan<char> part)
    {
        if (part.IsEmpty || part.ContainsAny(IdentifierStops))
        {
            return false;
        }

        if (Ascii.IsValid(part))
        {
            return true;
        }

        // Beyond ASCII: Unicode whitespace (U+00A0, U+2028, …) and C1 controls are not allowed either.
        foreach (char c in part)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsVersion(ReadOnlySpan<char> v)
    {
        if (v.SequenceEqual("latest"))
        {
            return true;
        }

        int dots = 0;
        bool digitSeen = false;
        foreach (char c in v)
        {
            if (c == '.')
            {
                if (!digitSeen)
                {
                    return false;
                }

                dots++;
                digitSeen = false;
            }
            else if (char.IsAsciiDigit(c))
            {
                digitSeen = true;
            }
            else
            {
                return false;
            }
        }

        return dots == 2 && digitSeen;
    }
}
