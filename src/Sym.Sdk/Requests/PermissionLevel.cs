namespace Sym.Sdk.Requests;

/// <summary>Who a <see cref="RequestPermission"/> admits: <see cref="Admin"/>, <see cref="Member"/> or <see cref="AllUsers"/>.</summary>
/// <param name="Value">The wire value, for example <c>member</c>.</param>
public readonly record struct PermissionLevel(string Value)
{
    /// <summary>Only organization admins.</summary>
    public static PermissionLevel Admin { get; } = new("admin");

    /// <summary>Organization members (and admins).</summary>
    public static PermissionLevel Member { get; } = new("member");

    /// <summary>Everyone, guests included.</summary>
    public static PermissionLevel AllUsers { get; } = new("all_users");

    /// <inheritdoc />
    public override string ToString() => Value ?? string.Empty;
}
