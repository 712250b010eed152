using System.Net;

namespace Sym.Sdk.Integrations.GitHub.Internal;

/// <summary>What a GitHub call was about, to name a missing resource precisely.</summary>
internal enum GitHubResource
{
    Repository,
    Team,
    Organization,
}

/// <summary>
/// The one table mapping GitHub's HTTP statuses to Sym error codes. The real client and <c>FakeGitHub</c> both raise
/// through it, so tests see exactly the exceptions production does.
/// </summary>
internal static class GitHubErrors
{
    private const int MaxRawLength = 4096;

    public static SymException FromResponse(
        HttpStatusCode status, string? message, GitHubResource resource, string resourceId, bool rateLimited = false, TimeSpan? retryAfter = null,
        string? rawResponse = null, string? requestId = null)
    {
        string text = $"GitHub: {message ?? $"HTTP {(int)status} {status}"} ({resource.ToString().ToLowerInvariant()} '{resourceId}').";
        string? raw = rawResponse is { Length: > MaxRawLength } ? rawResponse[..MaxRawLength] + "…" : rawResponse;
        int code = (int)status;
        if (rateLimited || status == HttpStatusCode.TooManyRequests)
        {
            return new SymRateLimitedException(GitHubErrorCodes.RateLimited, text, retryAfter) { StatusCode = code, RequestId = requestId, RawResponse = raw };
        }

        return status switch
        {
            HttpStatusCode.Unauthorized => new SymAuthenticationException(GitHubErrorCodes.InvalidToken, text,
                "The GitHub token is missing, invalid or expired; create a new one.")
            { StatusCode = code, RequestId = requestId, RawResponse = raw },
            HttpStatusCode.Forbidden => new SymAuthenticationException(GitHubErrorCodes.Forbidden, text,
                "The token lacks the permission: Administration write (collaborators) or Members write (teams), on this organization.")
            { StatusCode = code, RequestId = requestId, RawResponse = raw },
            HttpStatusCode.NotFound => new SymNotFoundException(resource switch
            {
                GitHubResource.Team => GitHubErrorCodes.TeamNotFound,
                GitHubResource.Organization => GitHubErrorCodes.OrganizationNotFound,
                _ => GitHubErrorCodes.RepositoryNotFound,
            }, text, "Check the name, and that the token can see it: GitHub answers 404, not 403, for what a token may not see.")
            { StatusCode = code, RequestId = requestId, RawResponse = raw },
            HttpStatusCode.UnprocessableEntity => new SymException(GitHubErrorCodes.Validation, text,
                "GitHub refused the request; check the username and the permission or role.")
            { StatusCode = code, RequestId = requestId, RawResponse = raw },
            >= HttpStatusCode.InternalServerError => new SymException(GitHubErrorCodes.ServerError, text,
                "GitHub failed internally; the call was retried before giving up. Retry later.")
            { StatusCode = code, RequestId = requestId, RawResponse = raw },
            _ => new SymException(GitHubErrorCodes.ApiError, text, "GitHub returned an unexpected error.")
            { StatusCode = code, RequestId = requestId, RawResponse = raw },
        };
    }

    public static SymException NotFound(GitHubResource resource, string resourceId) =>
        FromResponse(HttpStatusCode.NotFound, "Not Found", resource, resourceId);

    public static SymException Validation(string message, string resourceId) =>
        FromResponse(HttpStatusCode.UnprocessableEntity, message, GitHubResource.Repository, resourceId);
}
