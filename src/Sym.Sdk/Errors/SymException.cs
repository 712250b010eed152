namespace Sym.Sdk;

/// <summary>
/// The one base exception of Sym.Sdk. Every error the SDK raises, or maps from a vendor, carries a machine-readable
/// <see cref="ErrorCode"/> of the form <c>Type:NAME</c> (for example <c>Slack:CHANNEL_NOT_FOUND</c>,
/// <c>Okta:USER_NOT_FOUND</c> or <c>Identity:NOT_FOUND</c>) and, where one helps, a <see cref="Hint"/> saying what to do.
/// </summary>
/// <remarks>
/// Catch <see cref="SymException"/> and branch on <see cref="ErrorCode"/>. Subclasses exist only where a caller handles
/// the error differently: <see cref="SymRateLimitedException"/> (wait <see cref="SymRateLimitedException.RetryAfter"/>),
/// <see cref="SymNotFoundException"/> and <see cref="SymAuthenticationException"/>.
/// </remarks>
public class SymException : Exception
{
    /// <summary>Creates an exception with a code and a message.</summary>
    /// <param name="errorCode">The code, <c>Type:NAME</c>.</param>
    /// <param name="message">What went wrong, for a person.</param>
    /// <param name="hint">What to do about it, or <see langword="null"/>.</param>
    /// <param name="innerException">The cause, or <see langword="null"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="errorCode"/> is not of the form <c>Type:NAME</c>.</exception>
    public SymException(string errorCode, string message, string? hint = null, Exception? innerException = null)
        : base(message, innerException)
    {
        ArgumentException.ThrowIfNullOrEmpty(errorCode);
        int colon = errorCode.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == errorCode.Length - 1)
        {
            throw new ArgumentException($"Error code '{errorCode}' must have the form 'Type:NAME'.", nameof(errorCode));
        }

        ErrorCode = errorCode;
        Hint = hint;
    }

    /// <summary>The machine-readable code, <c>Type:NAME</c>, for example <c>Slack:CHANNEL_NOT_FOUND</c>.</summary>
    public string ErrorCode { get; }

    /// <summary>The part of <see cref="ErrorCode"/> before the colon, for example <c>Slack</c>.</summary>
    public string ErrorType => ErrorCode[..ErrorCode.IndexOf(':', StringComparison.Ordinal)];

    /// <summary>The part of <see cref="ErrorCode"/> after the colon, for example <c>CHANNEL_NOT_FOUND</c>.</summary>
    public string ErrorName => ErrorCode[(ErrorCode.IndexOf(':', StringComparison.Ordinal) + 1)..];

    /// <summary>What to do about the error, or <see langword="null"/> when there is nothing to add.</summary>
    public string? Hint { get; }

    /// <summary>The HTTP status of the vendor response that caused the error, if any.</summary>
    public int? StatusCode { get; init; }

    /// <summary>The vendor's request id for the failed call, if it sent one (quote it to their support).</summary>
    public string? RequestId { get; init; }

    /// <summary>
    /// Whether trying again cannot succeed until something outside the call changes: the user or resource does not exist,
    /// the input is invalid, a permission is missing. The default value is <see langword="false"/> (a retry may succeed),
    /// except for <see cref="SymNotFoundException"/>, which is permanent.
    /// </summary>
    /// <remarks>
    /// The engine reads it when a strategy fails. A deescalate that fails permanently after a failed grant (nothing to
    /// revoke: the identity does not exist, say) ends the run <c>Errored</c> with one report instead of retrying; a
    /// deescalate of access that was granted is retried whatever the failure, since access may still be there. A notifier
    /// failure that is permanent is not delivered again. Set it when you throw from a strategy:
    /// <c>throw new SymException("MyApi:USER_GONE", "…") { IsPermanent = true };</c>
    /// </remarks>
    public bool IsPermanent { get; init; }

    /// <summary>The raw vendor response body, if any, with secrets removed.</summary>
    public string? RawResponse { get; init; }

    /// <inheritdoc />
    public override string ToString() => Hint is null
        ? $"{GetType().FullName} [{ErrorCode}]: {Message}"
        : $"{GetType().FullName} [{ErrorCode}]: {Message} Hint: {Hint}";
}
