namespace Sym.Sdk.Integrations.PagerDuty;

/// <summary>
/// The <see cref="SymException.ErrorCode"/> values the PagerDuty integration raises, to compare against instead of string
/// literals. HTTP statuses map to these in one table.
/// </summary>
/// <remarks>
/// Not-found errors are <see cref="SymNotFoundException"/>s, credential and permission errors
/// <see cref="SymAuthenticationException"/>s, and throttling that outlasts the retries a
/// <see cref="SymRateLimitedException"/>.
/// </remarks>
public static class PagerDutyErrorCodes
{
    /// <summary>The schedule does not exist (HTTP 404 on a schedule).</summary>
    public const string ScheduleNotFound = "PagerDuty:SCHEDULE_NOT_FOUND";

    /// <summary>Another resource does not exist (HTTP 404).</summary>
    public const string NotFound = "PagerDuty:NOT_FOUND";

    /// <summary>The API token is missing, invalid or revoked (HTTP 401).</summary>
    public const string InvalidToken = "PagerDuty:INVALID_TOKEN";

    /// <summary>The token does not allow the call (HTTP 403), for example a user token without access to the resource.</summary>
    public const string Forbidden = "PagerDuty:FORBIDDEN";

    /// <summary>PagerDuty rejected an argument (HTTP 400).</summary>
    public const string InvalidArgument = "PagerDuty:INVALID_ARGUMENT";

    /// <summary>PagerDuty throttled the call (HTTP 429) and the retries were used up.</summary>
    public const string RateLimited = "PagerDuty:RATE_LIMITED";

    /// <summary>PagerDuty failed internally (HTTP 5xx).</summary>
    public const string ServerError = "PagerDuty:SERVER_ERROR";

    /// <summary>PagerDuty answered with an unexpected HTTP status.</summary>
    public const string ApiError = "PagerDuty:API_ERROR";

    /// <summary>PagerDuty's answer was not what the API documents (not JSON, empty, paging that does not move).</summary>
    public const string InvalidResponse = "PagerDuty:INVALID_RESPONSE";

    /// <summary>PagerDuty could not be reached.</summary>
    public const string ConnectionFailed = "PagerDuty:CONNECTION_FAILED";

    /// <summary>PagerDuty did not answer in time.</summary>
    public const string Timeout = "PagerDuty:TIMEOUT";
}
