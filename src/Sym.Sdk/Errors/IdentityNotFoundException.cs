namespace Sym.Sdk;

/// <summary>
/// No identity for the requester could be found in the service a strategy grants access in (code
/// <c>Identity:NOT_FOUND</c>). Raised by <see cref="Strategies.AccessStrategy.GetRequesterIdentityAsync"/>.
/// </summary>
public sealed class IdentityNotFoundException : SymNotFoundException
{
    /// <summary>The error code this exception carries.</summary>
    public const string Code = SymErrorCodes.IdentityNotFound;

    /// <summary>Creates the error for a user and a service.</summary>
    /// <param name="username">The Sym username (email) of the user.</param>
    /// <param name="service">The service the identity was looked up in, for example <c>okta</c>.</param>
    public IdentityNotFoundException(string username, string service)
        : base(Code, $"No {service} identity was found for user '{username}'.",
            $"Make sure '{username}' exists in {service}, or store the identity for the user explicitly.")
    {
        Username = username;
        Service = service;
    }

    /// <summary>The Sym username (email) whose identity is missing.</summary>
    public string Username { get; }

    /// <summary>The service the identity was looked up in.</summary>
    public string Service { get; }
}
