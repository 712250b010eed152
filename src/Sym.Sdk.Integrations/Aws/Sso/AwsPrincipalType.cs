namespace Sym.Sdk.Integrations.Aws.Sso;

/// <summary>Who an account assignment is for: <see cref="User"/> or <see cref="Group"/> (extensible, as AWS sends it).</summary>
/// <param name="Value">The wire value, for example <c>USER</c>.</param>
public readonly record struct AwsPrincipalType(string Value)
{
    /// <summary>An Identity Store user (<c>USER</c>).</summary>
    public static AwsPrincipalType User { get; } = new("USER");

    /// <summary>An Identity Store group (<c>GROUP</c>).</summary>
    public static AwsPrincipalType Group { get; } = new("GROUP");

    /// <inheritdoc />
    public override string ToString() => Value ?? string.Empty;
}
