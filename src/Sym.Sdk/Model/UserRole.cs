using Sym.Sdk.Requests;

namespace Sym.Sdk;

/// <summary>
/// A user's role in the Sym organization: <see cref="Admin"/>, <see cref="Member"/> or <see cref="Guest"/>. Extensible;
/// an unknown role satisfies only <see cref="PermissionLevel.AllUsers"/>.
/// </summary>
/// <param name="Value">The wire value, for example <c>admin</c>.</param>
public readonly record struct UserRole(string Value)
{
    /// <summary>An administrator: may act on every request.</summary>
    public static UserRole Admin { get; } = new("admin");

    /// <summary>A member of the organization.</summary>
    public static UserRole Member { get; } = new("member");

    /// <summary>A guest (for example a Slack Connect user): may act only where a flow allows guest interaction.</summary>
    public static UserRole Guest { get; } = new("guest");

    /// <summary>Whether a user with this role meets a permission level.</summary>
    /// <param name="level">The level a permission requires.</param>
    /// <returns><see langword="true"/> when the role is at or above <paramref name="level"/>.</returns>
    public bool Satisfies(PermissionLevel level)
    {
        if (level == PermissionLevel.AllUsers)
        {
            return true;
        }

        if (level == PermissionLevel.Member)
        {
            return this == Member || this == Admin;
        }

        return level == PermissionLevel.Admin && this == Admin;
    }

    /// <inheritdoc />
    public override string ToString() => Value ?? string.Empty;
}
