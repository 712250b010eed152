namespace Sym.Sdk;

/// <summary>The credentials for a vendor are missing, invalid, expired, revoked or lack a scope.</summary>
public sealed class SymAuthenticationException : SymException
{
    /// <summary>Creates an authentication error.</summary>
    /// <param name="errorCode">The code, for example <c>Slack:INVALID_AUTH</c>.</param>
    /// <param name="message">What was rejected.</param>
    /// <param name="hint">What to do about it, or <see langword="null"/>.</param>
    /// <param name="innerException">The cause, or <see langword="null"/>.</param>
    public SymAuthenticationException(string errorCode, string message, string? hint = null, Exception? innerException = null)
        : base(errorCode, message, hint, innerException)
    {
    }
}
