using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Sym.Sdk;

/// <summary>
/// A Sym Resource Name: <c>&lt;org&gt;:&lt;model&gt;[:&lt;type&gt;]:&lt;slug&gt;:&lt;version&gt;[:&lt;identifier&gt;]</c>,
/// for example <c>healthy-health:access_target:okta_group:admins:latest</c> or
/// <c>sym:run:lambda_access:1.0.0:ff30a212-24d9-459c-8784-de275042b083</c>.
/// </summary>
/// <remarks>
/// <para>Org, model, type and slug are lower-cased; the version is kept as written. The version is <c>latest</c> or
/// <c>x.y.z</c>. Models that carry a type are listed in <see cref="TypedModels"/>.</para>
/// <para>Parsing is lenient toward what the platform really sends: a typed model may omit its type
/// (<c>sym:user:&lt;uuid&gt;:latest</c>, <c>sym:access_target:lambda_access:latest:&lt;id&gt;</c>), in which case
/// <see cref="Type"/> is <see langword="null"/>. Identifiers are opaque and kept as written.</para>
/// </remarks>
public sealed class Srn : IEquatable<Srn>
{
    /// <summary>The models whose SRNs carry a type component.</summary>
    public static IReadOnlySet<string> TypedModels { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "access_strategy", "access_target", "user", "secret", "secrets", "integration", "log_destination",
    };

    private string? _formatted;

    /// <summary>Creates an SRN from its parts, validating each.</summary>
    /// <param name="org">The organization slug.</param>
    /// <param name="model">The model, for example <c>access_target</c>.</param>
    /// <param name="slug">The resource's slug.</param>
    /// <param name="version"><c>latest</c> or <c>x.y.z</c>.</param>
    /// <param name="type">The type component, or <see langword="null"/>.</param>
    /// <param name="identifier">The trailing identifier, or <see langword="null"/>.</param>
    /// <exception cref="SrnFormatException">A part is empty or malformed.</exception>
    public Srn(string org, string model, string slug, string version, string? type = null, string? identifier = null)
    {
        Org = ValidateSlug(org, "org", org);
        Model = ValidateSlug(model, "model", model);
        Type = type is null ? null : ValidateSlug(type, "type", type);
        Slug = ValidateSlug(slug, "slug", slug);
        Version = ValidateVersion(version, version);
        Identifier = identifier is null ? null : ValidateIdentifier(identifier, identifier);
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
        return ParseCore(value, throwOnError: true)!;
    }

    /// <summary>Tries to parse an SRN.</summary>
    /// <param name="value">The text to parse.</param>
    /// <param name="srn">The parsed SRN, or <see langword="null"/>.</param>
    /// <returns>Whether <paramref name="value"/> is a valid SRN.</returns>
    public static bool TryParse([NotNullWhen(true)] string? value, [NotNullWhen(true)] out Srn? srn)
    {
        srn = value is null ? null : ParseCore(value, throwOnError: false);
        return srn is not null;
    }

    /// <summary>Returns a copy with another version.</summary>
    /// <param name="version"><c>latest</c> or <c>x.y.z</c>.</param>
    /// <returns>The new SRN.</returns>
    public Srn WithVersion(string version) => new(Org, Model, Slug, version, Type, Identifier);

    /// <summary>Returns a copy with another identifier (or none).</summary>
    /// <param name="identifier">The identifier, or <see langword="null"/>.</param>
    /// <returns>The new SRN.</returns>
    public Srn WithIdentifier(string? identifier) => new(Org, Model, Slug, Version, Type, identifier);

    /// <inheritdoc />
    public override string ToString() => _formatted ??= Format();

    /// <inheritdoc />
    public bool Equals(Srn? other) => other is not null && string.Equals(ToString(), other.ToString(), StringComparison.Ordinal);

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

    private string Format()
    {
        var sb = new StringBuilder(Org.Length + Model.Length + Slug.Length + Version.Length + 48);
        sb.Append(Org).Append(':').Append(Model);
        if (Type is not null)
        {
            sb.Append(':').Append(Type);
        }

        sb.Append(':').Append(Slug).Append(':').Append(Version);
        if (Identifier is not null)
        {
            sb.Append(':').Append(Identifier);
        }

        return sb.ToString();
    }

    private static Srn? ParseCore(string value, bool throwOnError)
    {
        try
        {
            return ParseOrThrow(value);
        }
        catch (SrnFormatException) when (!throwOnError)
        {
            return null;
        }
    }

    private static Srn ParseOrThrow(string value)
    {
        if (value.Length == 0)
        {
            throw new SrnFormatException(SrnFormatException.MissingComponent, value, "The SRN is empty.");
        }

        if (value[^1] == ':')
        {
            throw new SrnFormatException(SrnFormatException.TrailingSeparator, value, "The SRN ends with a ':' separator.");
        }

        string[] parts = value.Split(':');
        foreach (string part in parts)
        {
            if (part.Length == 0)
            {
                throw new SrnFormatException(SrnFormatException.MissingComponent, value, "The SRN has an empty component ('::').");
            }
        }

        if (parts.Length < 4)
        {
            throw new SrnFormatException(SrnFormatException.MissingComponent, value,
                "An SRN needs at least <org>:<model>:<slug>:<version>.");
        }

        if (parts.Length > 6)
        {
            throw new SrnFormatException(SrnFormatException.TooManyComponents, value,
                "An SRN has at most <org>:<model>:<type>:<slug>:<version>:<identifier>.");
        }

        string org = ValidateSlug(parts[0], "org", value);
        string model = ValidateSlug(parts[1], "model", value);
        bool typed = TypedModels.Contains(model);
        int rest = parts.Length - 2;
        string? type = null;
        string slug;
        string version;
        string? identifier = null;

        if (rest == 2)
        {
            (slug, version) = (parts[2], parts[3]);
        }
        else if (rest == 3)
        {
            // <slug>:<version>:<identifier> when the middle part is a version (also the lenient type-less form of a
            // typed model); otherwise <type>:<slug>:<version>, which only typed models have.
            if (IsVersion(parts[3]) || !typed)
            {
                (slug, version, identifier) = (parts[2], parts[3], parts[4]);
            }
            else
            {
                (type, slug, version) = (parts[2], parts[3], parts[4]);
            }
        }
        else
        {
            if (!typed)
            {
                throw new SrnFormatException(SrnFormatException.TooManyComponents, value,
                    $"Model '{model}' has no type component, so its SRN has at most <org>:<model>:<slug>:<version>:<identifier>.");
            }

            (type, slug, version, identifier) = (parts[2], parts[3], parts[4], parts[5]);
        }

        return new Srn(org, model, ValidateSlug(slug, "slug", value), ValidateVersion(version, value),
            type is null ? null : ValidateSlug(type, "type", value), identifier is null ? null : ValidateIdentifier(identifier, value));
    }

    private static string ValidateSlug(string part, string component, string srn)
    {
        ArgumentNullException.ThrowIfNull(part);
        if (part.Length == 0)
        {
            throw new SrnFormatException(SrnFormatException.MissingComponent, srn, $"The {component} is empty.");
        }

        foreach (char c in part)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_'))
            {
                throw new SrnFormatException(SrnFormatException.InvalidSlug, srn,
                    $"The {component} '{part}' may contain only letters, digits, '-' and '_'.");
            }
        }

        return part.ToLowerInvariant();
    }

    private static string ValidateVersion(string version, string srn)
    {
        ArgumentNullException.ThrowIfNull(version);
        if (!IsVersion(version))
        {
            throw new SrnFormatException(SrnFormatException.InvalidVersion, srn,
                $"The version '{version}' must be 'latest' or 'x.y.z'.");
        }

        return version;
    }

    private static string ValidateIdentifier(string identifier, string srn)
    {
        if (identifier.Length == 0 || identifier.Contains(':', StringComparison.Ordinal))
        {
            throw new SrnFormatException(SrnFormatException.MissingComponent, srn, "The identifier is empty or contains ':'.");
        }

        return identifier;
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
