namespace Sym.Sdk;

/// <summary>A vendor throttled the call; retry after <see cref="RetryAfter"/>.</summary>
public sealed class SymRateLimitedException : SymException
{
    /// <summary>Creates a rate-limit error.</summary>
    /// <param name="errorCode">The code, for example <c>Slack:RATELIMITED</c>.</param>
    /// <param name="message">What was throttled.</param>
    /// <param name="retryAfter">How long the vendor asked to wait, if it said.</param>
    /// <param name="innerException">The cause, or <see langword="null"/>.</param>
    public SymRateLimitedException(string errorCode, string message, TimeSpan? retryAfter, Exception? innerException = null)
        : base(errorCode, message, "Retry after the delay the vendor gave.", innerException)
    {
        RetryAfter = retryAfter;
    }

    /// <summary>How long the vendor asked callers to wait, or <see langword="null"/> when it did not say.</summary>
    public TimeSpan? RetryAfter { get; }
}
