using System.Collections.Frozen;
using System.Globalization;
using System.Net;

namespace Sym.Sdk.Integrations.Okta.Internal;

/// <summary>
/// The one table mapping Okta's error codes (and, for bodies without one, HTTP statuses) to Sym error codes. The real
/// client and <c>FakeOkta</c> both raise through it, so tests see exactly the exceptions production does.
/// </summary>
internal static class OktaErrors
{
    private const int MaxRawLength = 4096;

    private static readonly FrozenDictionary<string, Entry> Table = new Dictionary<string, Entry>(StringComparer.Ordinal)
    {
        ["E0000001"] = new(OktaErrorCodes.Validation, Kind.General, "Okta rejected a field of the request; see the error causes."),
        ["E0000003"] = new(OktaErrorCodes.InvalidRequestBody, Kind.General, "The request body was not valid JSON."),
        ["E0000004"] = new(OktaErrorCodes.AuthenticationFailed, Kind.Authentication, "Check the Okta credentials."),
        ["E0000005"] = new(OktaErrorCodes.InvalidSession, Kind.Authentication, "Check the Okta credentials."),
        ["E0000006"] = new(OktaErrorCodes.Forbidden, Kind.Authentication,
            "The API token's admin, or the service app's scopes (okta.users.read, okta.groups.read, okta.groups.manage) and admin roles, do not allow this call."),
        ["E0000007"] = new(OktaErrorCodes.NotFound, Kind.NotFound, "Check the id; Okta ids look like 00u… (users) and 00g… (groups)."),
        ["E0000009"] = new(OktaErrorCodes.ServerError, Kind.General, "Okta failed internally; retry later and quote the error id to Okta support."),
        ["E0000010"] = new(OktaErrorCodes.ReadOnly, Kind.General, "The Okta org is in read-only mode (maintenance); retry later."),
        ["E0000011"] = new(OktaErrorCodes.InvalidToken, Kind.Authentication,
            "The SSWS API token or OAuth access token is invalid, expired or revoked; create a new one."),
        ["E0000015"] = new(OktaErrorCodes.FeatureNotAvailable, Kind.Authentication, "The org's plan or the caller's role does not include this feature."),
        ["E0000022"] = new(OktaErrorCodes.OperationNotSupported, Kind.General, "The endpoint does not support this method."),
        ["E0000038"] = new(OktaErrorCodes.InvalidUserStatus, Kind.General, "The user's status (for example DEPROVISIONED) does not allow this operation."),
        ["E0000047"] = new(OktaErrorCodes.RateLimited, Kind.RateLimited, "Retry after the rate-limit window resets."),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private enum Kind
    {
        General,
        NotFound,
        Authentication,
        RateLimited,
    }

    /// <summary>Maps an Okta error to the exception callers see.</summary>
    /// <param name="status">The HTTP status.</param>
    /// <param name="body">The parsed error body, or <see langword="null"/> when there was none (or it was not Okta's).</param>
    /// <param name="resource">What the call was about.</param>
    /// <param name="resourceId">The id the call named, for the message.</param>
    /// <param name="retryAfter">How long to wait, for throttling errors.</param>
    /// <param name="rawResponse">The raw body, kept (truncated) on the exception.</param>
    /// <param name="requestId">Okta's request id (<c>X-Okta-Request-Id</c>), if sent.</param>
    public static SymException FromResponse(
        HttpStatusCode status,
        OktaErrorBody? body,
        OktaResource resource,
        string? resourceId,
        TimeSpan? retryAfter = null,
        string? rawResponse = null,
        string? requestId = null)
    {
        string? oktaCode = body?.ErrorCode;
        Entry entry = oktaCode is not null && Table.TryGetValue(oktaCode, out Entry? known) ? known : FromStatus(status);
        string code = entry.Kind == Kind.NotFound ? NotFoundCode(resource, body?.ErrorSummary) : entry.Code;
        string message = Describe(status, oktaCode, body, resource, resourceId);
        string? raw = rawResponse is { Length: > MaxRawLength } ? rawResponse[..MaxRawLength] + "…" : rawResponse;
        int statusCode = (int)status;
        string? id = body?.ErrorId ?? requestId;

        return entry.Kind switch
        {
            Kind.NotFound => new SymNotFoundException(code, message, entry.Hint) { StatusCode = statusCode, RequestId = id, RawResponse = raw },
            Kind.Authentication => new SymAuthenticationException(code, message, entry.Hint) { StatusCode = statusCode, RequestId = id, RawResponse = raw },
            Kind.RateLimited => new SymRateLimitedException(code, message, retryAfter) { StatusCode = statusCode, RequestId = id, RawResponse = raw },
            _ => new SymException(code, message, entry.Hint) { StatusCode = statusCode, RequestId = id, RawResponse = raw },
        };
    }

    /// <summary>The error Okta returns for a user that does not exist, as the real client maps it.</summary>
    public static SymException UserDoesNotExist(string idOrLogin) => FromResponse(
        HttpStatusCode.NotFound,
        new OktaErrorBody { ErrorCode = "E0000007", ErrorSummary = $"Not found: Resource not found: {idOrLogin} (User)" },
        OktaResource.User,
        idOrLogin);

    /// <summary>The error Okta returns for a group that does not exist, as the real client maps it.</summary>
    public static SymException GroupDoesNotExist(string groupId) => FromResponse(
        HttpStatusCode.NotFound,
        new OktaErrorBody { ErrorCode = "E0000007", ErrorSummary = $"Not found: Resource not found: {groupId} (UserGroup)" },
        OktaResource.Group,
        groupId);

    /// <summary>The error Okta returns for an invalid request (E0000001), as the real client maps it.</summary>
    public static SymException Validation(string summary, string cause) => FromResponse(
        HttpStatusCode.BadRequest,
        new OktaErrorBody { ErrorCode = "E0000001", ErrorSummary = summary, ErrorCauses = [new OktaErrorCause { ErrorSummary = cause }] },
        OktaResource.None,
        null);

    /// <summary>Maps an OAuth token endpoint error (<c>{"error","error_description"}</c>).</summary>
    public static SymException FromTokenError(HttpStatusCode status, OAuthErrorBody? body, bool dpopEnabled, string? requestId)
    {
        string error = body?.Error ?? "unknown_error";
        string description = body?.ErrorDescription ?? $"HTTP {(int)status}";
        string message = $"Okta's token endpoint refused the client assertion: {error}: {description}";
        if (!dpopEnabled && error is "invalid_dpop_proof" or "use_dpop_nonce")
        {
            return new SymAuthenticationException(OktaErrorCodes.DPoPRequired,
                $"The Okta service app requires DPoP-bound access tokens ({error}: {description}).",
                "Set OktaOptions.OAuth.UseDPoP = true, or turn off 'Require Demonstrating Proof of Possession (DPoP)' on the app.")
            { StatusCode = (int)status, RequestId = requestId };
        }

        (string code, string hint) = error switch
        {
            "invalid_client" => (OktaErrorCodes.InvalidClient,
                "Check the client id, that the app uses public key / private key authentication, and that its public key (and key id) match the private key configured."),
            "invalid_scope" => (OktaErrorCodes.InvalidScope, "Grant the requested okta.* scopes to the service app, or request fewer scopes."),
            "unauthorized_client" => (OktaErrorCodes.UnauthorizedClient, "Allow the client credentials grant on the service app."),
            "invalid_dpop_proof" => (OktaErrorCodes.InvalidDPoPProof, "The DPoP proof was rejected; check the machine's clock."),
            "use_dpop_nonce" => (OktaErrorCodes.InvalidDPoPProof, "Okta kept asking for a fresh DPoP nonce."),
            _ => (OktaErrorCodes.TokenError, "Check the service app's configuration in Okta."),
        };
        return new SymAuthenticationException(code, message, hint) { StatusCode = (int)status, RequestId = requestId };
    }

    private static Entry FromStatus(HttpStatusCode status) => status switch
    {
        HttpStatusCode.BadRequest => Table["E0000001"],
        HttpStatusCode.Unauthorized => Table["E0000011"],
        HttpStatusCode.Forbidden => Table["E0000006"],
        HttpStatusCode.NotFound => Table["E0000007"],
        HttpStatusCode.TooManyRequests => Table["E0000047"],
        >= HttpStatusCode.InternalServerError => Table["E0000009"],
        _ => new Entry(OktaErrorCodes.ApiError, Kind.General, "Okta returned an unexpected error."),
    };

    private static string NotFoundCode(OktaResource resource, string? summary)
    {
        // Okta names the missing resource's type at the end of the summary: "… 00g1 (UserGroup)" or "… bob (User)".
        if (summary is not null)
        {
            if (summary.EndsWith("(UserGroup)", StringComparison.Ordinal) || summary.EndsWith("(Group)", StringComparison.Ordinal))
            {
                return OktaErrorCodes.GroupNotFound;
            }

            if (summary.EndsWith("(User)", StringComparison.Ordinal))
            {
                return OktaErrorCodes.UserNotFound;
            }
        }

        return resource switch
        {
            OktaResource.User => OktaErrorCodes.UserNotFound,
            OktaResource.Group => OktaErrorCodes.GroupNotFound,
            _ => OktaErrorCodes.NotFound,
        };
    }

    private static string Describe(HttpStatusCode status, string? oktaCode, OktaErrorBody? body, OktaResource resource, string? resourceId)
    {
        string what = resourceId is null || resource == OktaResource.None
            ? string.Empty
            : string.Create(CultureInfo.InvariantCulture, $" ({resource.ToString().ToLowerInvariant()} '{resourceId}')");
        string summary = body?.ErrorSummary ?? $"HTTP {(int)status} {status}";
        string causes = body?.ErrorCauses is { Count: > 0 } list
            ? " Causes: " + string.Join("; ", list.Select(static c => c.ErrorSummary).Where(static s => !string.IsNullOrEmpty(s)))
            : string.Empty;
        return oktaCode is null
            ? $"Okta: {summary}{what}.{causes}"
            : $"Okta {oktaCode}: {summary}{what}.{causes}";
    }

    private sealed record Entry(string Code, Kind Kind, string Hint);
}
