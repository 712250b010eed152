namespace Sym.Sdk.Integrations.Aws.IdentityStore;

/// <summary>A unique user attribute to look a user up by (<c>AttributePath</c> of <c>GetUserId</c>).</summary>
/// <param name="Path">The attribute path, for example <c>emails.value</c>.</param>
public readonly record struct IdentityStoreUserAttribute(string Path)
{
    /// <summary>The user's email (<c>emails.value</c>).</summary>
    public static IdentityStoreUserAttribute Email { get; } = new("emails.value");

    /// <summary>The user's user name (<c>userName</c>).</summary>
    public static IdentityStoreUserAttribute UserName { get; } = new("userName");

    /// <inheritdoc />
    public override string ToString() => Path ?? string.Empty;
}
