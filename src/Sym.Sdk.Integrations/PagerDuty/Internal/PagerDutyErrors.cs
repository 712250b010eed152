using System.Net;

namespace Sym.Sdk.Integrations.PagerDuty.Internal;

/// <summary>What a PagerDuty call was about, to name a missing resource precisely.</summary>
internal enum PagerDutyResource
{
    None,
    Schedule,
}

/// <summary>
/// The one table mapping PagerDuty's HTTP statuses to Sym error codes. The real client and <c>FakePagerDuty</c> both raise
/// through it, so tests see exactly the exceptions production does.
/// </summary>
internal static class PagerDutyErrors
{
    private const int MaxRawLength = 4096;

    /// <summary>Maps a PagerDuty error response to the exception callers see.</summary>
    public static SymException FromResponse(
        HttpStatusCode status, string? message, PagerDutyResource resource, string? resourceId, TimeSpan? retryAfter = null,
        string? rawResponse = null, string? requestId = null)
    {
        string what = resourceId is null ? string.Empty : $" ({resource.ToString().ToLowerInvariant()} '{resourceId}')";
        string text = $"PagerDuty: {message ?? $"HTTP {(int)status} {status}"}{what}.";
        string? raw = rawResponse is { Length: > MaxRawLength } ? rawResponse[..MaxRawLength] + "…" : rawResponse;
        int code = (int)status;
        return status switch
        {
            HttpStatusCode.Unauthorized => new SymAuthenticationException(PagerDutyErrorCodes.InvalidToken, text,
                "The PagerDuty API key is missing, invalid or revoked; create a REST API key under Integrations → API Access Keys.")
            { StatusCode = code, RequestId = requestId, RawResponse = raw },
            HttpStatusCode.Forbidden => new SymAuthenticationException(PagerDutyErrorCodes.Forbidden, text,
                "The API key does not allow this call; use an account-level REST API key.")
            { StatusCode = code, RequestId = requestId, RawResponse = raw },
            HttpStatusCode.NotFound => new SymNotFoundException(
                resource == PagerDutyResource.Schedule ? PagerDutyErrorCodes.ScheduleNotFound : PagerDutyErrorCodes.NotFound, text,
                "Check the id: PagerDuty ids look like PI7DH85; copy it from the schedule's URL.")
            { StatusCode = code, RequestId = requestId, RawResponse = raw },
            HttpStatusCode.TooManyRequests => new SymRateLimitedException(PagerDutyErrorCodes.RateLimited, text, retryAfter)
            { StatusCode = code, RequestId = requestId, RawResponse = raw },
            HttpStatusCode.BadRequest => new SymException(PagerDutyErrorCodes.InvalidArgument, text,
                "PagerDuty rejected an argument of the call; the message names it.")
            { StatusCode = code, RequestId = requestId, RawResponse = raw },
            >= HttpStatusCode.InternalServerError => new SymException(PagerDutyErrorCodes.ServerError, text,
                "PagerDuty failed internally; the call was retried before giving up. Retry later.")
            { StatusCode = code, RequestId = requestId, RawResponse = raw },
            _ => new SymException(PagerDutyErrorCodes.ApiError, text, "PagerDuty returned an unexpected error.")
            { StatusCode = code, RequestId = requestId, RawResponse = raw },
        };
    }

    /// <summary>The error PagerDuty returns for a schedule that does not exist, as the real client maps it.</summary>
    public static SymException ScheduleDoesNotExist(string scheduleId) =>
        FromResponse(HttpStatusCode.NotFound, "Not Found", PagerDutyResource.Schedule, scheduleId);
}
