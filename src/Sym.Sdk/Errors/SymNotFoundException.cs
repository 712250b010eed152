namespace Sym.Sdk;

/// <summary>
/// A user, group, channel or other resource the call named does not exist (or is not visible). Permanent
/// (<see cref="SymException.IsPermanent"/>): trying again does not help until it exists.
/// </summary>
public class SymNotFoundException : SymException
{
    /// <summary>Creates a not-found error.</summary>
    /// <param name="errorCode">The code, for example <c>Okta:USER_NOT_FOUND</c>.</param>
    /// <param name="message">What was not found.</param>
    /// <param name="hint">What to do about it, or <see langword="null"/>.</param>
    /// <param name="innerException">The cause, or <see langword="null"/>.</param>
    public SymNotFoundException(string errorCode, string message, string? hint = null, Exception? innerException = null)
        : base(errorCode, message, hint, innerException)
    {
        IsPermanent = true;
    }
}
