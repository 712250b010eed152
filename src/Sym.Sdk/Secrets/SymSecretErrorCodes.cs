namespace Sym.Sdk.Secrets;

/// <summary>The <see cref="SymException.ErrorCode"/> values of secrets. No message with one of these codes holds a secret's value.</summary>
public static class SymSecretErrorCodes
{
    /// <summary>A secret reference names a provider that is not registered (<c>UseSecretProvider</c>).</summary>
    public const string ProviderNotFound = "Secret:PROVIDER_NOT_FOUND";

    /// <summary>The provider has no secret at the reference's path (for example an unset environment variable).</summary>
    public const string NotFound = "Secret:NOT_FOUND";

    /// <summary>An integration has no secret of the name asked for (<see cref="Integration.GetSecret"/>).</summary>
    public const string NotConfigured = "Secret:NOT_CONFIGURED";

    /// <summary>The provider failed to read the secret (its store was unreachable, access was denied, …).</summary>
    public const string ProviderFailed = "Secret:PROVIDER_FAILED";
}
