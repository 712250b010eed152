namespace Sym.Sdk.Integrations.Slack;

/// <summary>The outcome of <see cref="SlackRequestVerifier.Verify"/>: valid, or why not.</summary>
/// <param name="Status">The status.</param>
public readonly record struct SlackVerificationResult(SlackVerificationStatus Status)
{
    /// <summary>Whether the request is genuine and fresh.</summary>
    public bool IsValid => Status == SlackVerificationStatus.Valid;

    /// <summary>Why the request was rejected, for a log line (never includes the secret or the signature).</summary>
    public string Reason => Status switch
    {
        SlackVerificationStatus.Valid => "The signature is valid.",
        SlackVerificationStatus.MissingTimestamp => "The X-Slack-Request-Timestamp header is missing.",
        SlackVerificationStatus.MissingSignature => "The X-Slack-Signature header is missing.",
        SlackVerificationStatus.MalformedTimestamp => "The X-Slack-Request-Timestamp header is not a number of seconds.",
        SlackVerificationStatus.MalformedSignature => "The X-Slack-Signature header is not 'v0=' and 64 lower-case hex digits.",
        SlackVerificationStatus.Stale => "The request timestamp is more than 300 seconds old.",
        SlackVerificationStatus.Future => "The request timestamp is more than 300 seconds in the future.",
        SlackVerificationStatus.Mismatch => "The signature does not match the body.",
        _ => "Unknown status.",
    };
}
