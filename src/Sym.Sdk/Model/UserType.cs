namespace Sym.Sdk;

/// <summary>The kind of a Sym user: <see cref="Normal"/> (a person) or <see cref="Bot"/>. Extensible.</summary>
/// <param name="Value">The wire value, for example <c>normal</c>.</param>
public readonly record struct UserType(string Value)
{
    /// <summary>A person.</summary>
    public static UserType Normal { get; } = new("normal");

    /// <summary>A bot or service account.</summary>
    public static UserType Bot { get; } = new("bot");

    /// <inheritdoc />
    public override string ToString() => Value ?? string.Empty;
}
