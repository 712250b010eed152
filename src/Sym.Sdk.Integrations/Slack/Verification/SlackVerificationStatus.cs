namespace Sym.Sdk.Integrations.Slack;

/// <summary>Why a request did or did not pass Slack signature verification.</summary>
public enum SlackVerificationStatus
{
    /// <summary>The signature is valid and the timestamp fresh.</summary>
    Valid = 0,

    /// <summary>The <c>X-Slack-Request-Timestamp</c> header is missing or empty.</summary>
    MissingTimestamp,

    /// <summary>The <c>X-Slack-Signature</c> header is missing or empty.</summary>
    MissingSignature,

    /// <summary>The timestamp is not a whole number of seconds.</summary>
    MalformedTimestamp,

    /// <summary>The signature is not <c>v0=</c> followed by 64 lower-case hex digits.</summary>
    MalformedSignature,

    /// <summary>The timestamp is more than 300 seconds in the past (a replay, or a slow clock).</summary>
    Stale,

    /// <summary>The timestamp is more than 300 seconds in the future.</summary>
    Future,

    /// <summary>The signature does not match the body and the signing secret.</summary>
    Mismatch,
}
