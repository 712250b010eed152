namespace Sym.Sdk.Integrations.GitHub;

/// <summary>
/// The <see cref="SymException.ErrorCode"/> values the GitHub integration raises, to compare against instead of string
/// literals. HTTP statuses (and GitHub's rate-limit headers) map to these in one table.
/// </summary>
public static class GitHubErrorCodes
{
    /// <summary>The repository does not exist, or the token cannot see it (HTTP 404).</summary>
    public const string RepositoryNotFound = "GitHub:REPOSITORY_NOT_FOUND";

    /// <summary>The team or organization does not exist, or the token cannot see it (HTTP 404).</summary>
    public const string TeamNotFound = "GitHub:TEAM_NOT_FOUND";

    /// <summary>The organization does not exist, or the token cannot see it (HTTP 404).</summary>
    public const string OrganizationNotFound = "GitHub:ORGANIZATION_NOT_FOUND";

    /// <summary>The token is missing, invalid or expired (HTTP 401).</summary>
    public const string InvalidToken = "GitHub:INVALID_TOKEN";

    /// <summary>The token does not allow the call (HTTP 403 that is not a rate limit).</summary>
    public const string Forbidden = "GitHub:FORBIDDEN";

    /// <summary>GitHub rejected the request (HTTP 422), for example an unknown user or permission.</summary>
    public const string Validation = "GitHub:VALIDATION";

    /// <summary>GitHub throttled the call (HTTP 429, or 403 with the rate limit used up) and the retries were used up.</summary>
    public const string RateLimited = "GitHub:RATE_LIMITED";

    /// <summary>GitHub failed internally (HTTP 5xx).</summary>
    public const string ServerError = "GitHub:SERVER_ERROR";

    /// <summary>GitHub answered with an unexpected HTTP status.</summary>
    public const string ApiError = "GitHub:API_ERROR";

    /// <summary>GitHub's answer was not what the API documents (not JSON, a paging link to another host).</summary>
    public const string InvalidResponse = "GitHub:INVALID_RESPONSE";

    /// <summary>GitHub could not be reached.</summary>
    public const string ConnectionFailed = "GitHub:CONNECTION_FAILED";

    /// <summary>GitHub did not answer in time.</summary>
    public const string Timeout = "GitHub:TIMEOUT";
}
