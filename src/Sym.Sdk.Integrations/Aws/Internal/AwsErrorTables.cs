using System.Collections.Frozen;

namespace Sym.Sdk.Integrations.Aws.Internal;

/// <summary>
/// The AWS error codes the SDK knows, one table per protocol: the kind of <see cref="SymException"/> each becomes and
/// the hint it carries. Codes not listed fall back on the HTTP status (404 not found, 401/403 authentication, 429
/// throttling).
/// </summary>
internal static class AwsErrorTables
{
    /// <summary>The query protocol (IAM, STS): <c>&lt;ErrorResponse&gt;&lt;Error&gt;&lt;Code&gt;</c>.</summary>
    public static readonly FrozenDictionary<string, AwsErrorInfo> Query = new Dictionary<string, AwsErrorInfo>(StringComparer.Ordinal)
    {
        ["NoSuchEntity"] = new(AwsErrorKind.NotFound, "Check that the IAM user and group exist (names are case-sensitive)."),
        ["Throttling"] = new(AwsErrorKind.Throttling, null),
        ["LimitExceeded"] = new(AwsErrorKind.Other, "An IAM quota was reached, for example groups per user (10)."),
        ["EntityAlreadyExists"] = new(AwsErrorKind.Other, null),
        ["ServiceFailure"] = new(AwsErrorKind.Other, "IAM failed internally; the call is retried automatically."),
        ["InvalidClientTokenId"] = new(AwsErrorKind.Authentication, "The access key id is not valid; check the configured credentials."),
        ["SignatureDoesNotMatch"] = new(AwsErrorKind.Authentication, "The secret key does not match the access key id, or the clock is skewed."),
        ["AccessDenied"] = new(AwsErrorKind.Authentication, "Grant the runtime's role the IAM actions iam:GetGroup, iam:AddUserToGroup and iam:RemoveUserFromGroup."),
        ["ExpiredToken"] = new(AwsErrorKind.Authentication, "The session token expired; the credentials provider should renew it."),
        ["InvalidInput"] = new(AwsErrorKind.Other, null),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The JSON protocols (JSON 1.1 for Identity Center and Identity Store, REST-JSON for Lambda): <c>__type</c>.</summary>
    public static readonly FrozenDictionary<string, AwsErrorInfo> Json = new Dictionary<string, AwsErrorInfo>(StringComparer.Ordinal)
    {
        ["ResourceNotFoundException"] = new(AwsErrorKind.NotFound, "Check the ARN or id: it does not exist in this account and region."),
        ["ThrottlingException"] = new(AwsErrorKind.Throttling, null),
        ["TooManyRequestsException"] = new(AwsErrorKind.Throttling, null),
        ["AccessDeniedException"] = new(AwsErrorKind.Authentication, "Grant the runtime's role the sso:, identitystore: or lambda:InvokeFunction actions it needs."),
        ["UnrecognizedClientException"] = new(AwsErrorKind.Authentication, "The access key id is not valid; check the configured credentials."),
        ["InvalidSignatureException"] = new(AwsErrorKind.Authentication, "The secret key does not match the access key id, or the clock is skewed."),
        ["ExpiredTokenException"] = new(AwsErrorKind.Authentication, "The session token expired; the credentials provider should renew it."),
        ["ConflictException"] = new(AwsErrorKind.Other, "Another operation on the same assignment is in progress; retry shortly."),
        ["ValidationException"] = new(AwsErrorKind.Other, "A parameter is malformed, for example an ARN or account id."),
        ["ServiceQuotaExceededException"] = new(AwsErrorKind.Other, null),
        ["InternalServerException"] = new(AwsErrorKind.Other, "AWS failed internally; the call is retried automatically."),
        ["ServiceException"] = new(AwsErrorKind.Other, "Lambda failed internally; the call is retried automatically."),
        ["InvalidRequestContentException"] = new(AwsErrorKind.Other, "The payload is not valid JSON."),
        ["RequestTooLargeException"] = new(AwsErrorKind.Other, "Lambda payloads are limited to 6 MB (sync) and 1 MB (async)."),
        ["ResourceNotReadyException"] = new(AwsErrorKind.Other, "The function is still being created or updated; retry shortly."),
    }.ToFrozenDictionary(StringComparer.Ordinal);
}

/// <summary>One row of an <see cref="AwsErrorTables"/> table.</summary>
internal readonly record struct AwsErrorInfo(AwsErrorKind Kind, string? Hint);
