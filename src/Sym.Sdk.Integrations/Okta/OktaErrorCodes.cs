namespace Sym.Sdk.Integrations.Okta;

/// <summary>
/// The <see cref="SymException.ErrorCode"/> values the Okta integration raises, to compare against instead of string
/// literals. Okta's own error codes (<c>E0000007</c>, …) map to these in one table; an Okta code the table does not know
/// maps by HTTP status.
/// </summary>
/// <remarks>
/// Not-found errors are <see cref="SymNotFoundException"/>s, credential and permission errors
/// <see cref="SymAuthenticationException"/>s, and throttling that outlasts the retries a
/// <see cref="SymRateLimitedException"/>.
/// </remarks>
public static class OktaErrorCodes
{
    /// <summary>The user does not exist (or a Sym user has no Okta account).</summary>
    public const string UserNotFound = "Okta:USER_NOT_FOUND";

    /// <summary>The group does not exist.</summary>
    public const string GroupNotFound = "Okta:GROUP_NOT_FOUND";

    /// <summary>Another resource does not exist (E0000007 about neither a user nor a group).</summary>
    public const string NotFound = "Okta:NOT_FOUND";

    /// <summary>More than one Okta user has the email.</summary>
    public const string AmbiguousEmail = "Okta:AMBIGUOUS_EMAIL";

    /// <summary>Okta rejected a field of the request (E0000001, or HTTP 400).</summary>
    public const string Validation = "Okta:VALIDATION";

    /// <summary>The request body was not valid JSON (E0000003).</summary>
    public const string InvalidRequestBody = "Okta:INVALID_REQUEST_BODY";

    /// <summary>Authentication failed (E0000004).</summary>
    public const string AuthenticationFailed = "Okta:AUTHENTICATION_FAILED";

    /// <summary>The session is not valid (E0000005).</summary>
    public const string InvalidSession = "Okta:INVALID_SESSION";

    /// <summary>The credentials do not allow the call (E0000006, or HTTP 403).</summary>
    public const string Forbidden = "Okta:FORBIDDEN";

    /// <summary>The API token or access token is invalid, expired or revoked (E0000011, or HTTP 401).</summary>
    public const string InvalidToken = "Okta:INVALID_TOKEN";

    /// <summary>The org's plan or the caller's role does not include the feature (E0000015).</summary>
    public const string FeatureNotAvailable = "Okta:FEATURE_NOT_AVAILABLE";

    /// <summary>The endpoint does not support the method (E0000022).</summary>
    public const string OperationNotSupported = "Okta:OPERATION_NOT_SUPPORTED";

    /// <summary>The user's status does not allow the operation (E0000038).</summary>
    public const string InvalidUserStatus = "Okta:INVALID_USER_STATUS";

    /// <summary>Okta throttled the call (E0000047, or HTTP 429) and the retries were used up.</summary>
    public const string RateLimited = "Okta:RATE_LIMITED";

    /// <summary>Okta failed internally (E0000009, or HTTP 5xx).</summary>
    public const string ServerError = "Okta:SERVER_ERROR";

    /// <summary>The org is in read-only mode (E0000010).</summary>
    public const string ReadOnly = "Okta:READ_ONLY";

    /// <summary>Okta answered with an error the table does not know and an unexpected HTTP status.</summary>
    public const string ApiError = "Okta:API_ERROR";

    /// <summary>Okta's answer was not what the API documents (not JSON, empty, a paging link to elsewhere).</summary>
    public const string InvalidResponse = "Okta:INVALID_RESPONSE";

    /// <summary>Okta could not be reached.</summary>
    public const string ConnectionFailed = "Okta:CONNECTION_FAILED";

    /// <summary>Okta did not answer in time.</summary>
    public const string Timeout = "Okta:TIMEOUT";

    /// <summary>OAuth: the service app requires DPoP-bound tokens, and <c>OktaOAuthOptions.UseDPoP</c> is off.</summary>
    public const string DPoPRequired = "Okta:DPOP_REQUIRED";

    /// <summary>OAuth: the client id or the key does not match the service app (<c>invalid_client</c>).</summary>
    public const string InvalidClient = "Okta:INVALID_CLIENT";

    /// <summary>OAuth: a requested scope is not granted to the service app (<c>invalid_scope</c>).</summary>
    public const string InvalidScope = "Okta:INVALID_SCOPE";

    /// <summary>OAuth: the service app may not use the client-credentials grant (<c>unauthorized_client</c>).</summary>
    public const string UnauthorizedClient = "Okta:UNAUTHORIZED_CLIENT";

    /// <summary>OAuth: the DPoP proof was rejected.</summary>
    public const string InvalidDPoPProof = "Okta:INVALID_DPOP_PROOF";

    /// <summary>OAuth: the token endpoint refused for another reason, or answered without a token.</summary>
    public const string TokenError = "Okta:TOKEN_ERROR";
}
