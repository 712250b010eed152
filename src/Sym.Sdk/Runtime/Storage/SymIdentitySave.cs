namespace Sym.Sdk.Runtime;

/// <summary>A user's identity in another service, stored by a <see cref="SymRunTransition"/>.</summary>
/// <param name="User">The user.</param>
/// <param name="Identity">The identity; it replaces the user's identity in <see cref="UserIdentity.Service"/>.</param>
public sealed record SymIdentitySave(User User, UserIdentity Identity);
