namespace Sym.Sdk.Integrations.Aws;

/// <summary>
/// The <see cref="SymException.ErrorCode"/> values the AWS integration raises, to compare against instead of string
/// literals. An error AWS answers becomes the service's type (<see cref="IamType"/>, <see cref="SsoType"/>,
/// <see cref="IdentityStoreType"/>, <see cref="LambdaType"/>), a colon and AWS's own error code in upper snake case
/// without the <c>Exception</c> suffix (<c>NoSuchEntity</c> → <c>AWSIAM:NO_SUCH_ENTITY</c>,
/// <c>ResourceNotFoundException</c> → <c>AWSSSO:RESOURCE_NOT_FOUND</c>); the common ones and the SDK's own are listed here.
/// </summary>
/// <remarks>
/// Not-found errors are <see cref="SymNotFoundException"/>s, credential and permission errors
/// <see cref="SymAuthenticationException"/>s, and throttling that outlasts the retries a
/// <see cref="SymRateLimitedException"/>; <see cref="SymException.ErrorType"/> is the service's type.
/// </remarks>
public static class AwsErrorCodes
{
    /// <summary>The <see cref="SymException.ErrorType"/> of credential errors (the default chain, STS AssumeRole).</summary>
    public const string CredentialsType = "AWS";

    /// <summary>The <see cref="SymException.ErrorType"/> of IAM errors.</summary>
    public const string IamType = "AWSIAM";

    /// <summary>The <see cref="SymException.ErrorType"/> of IAM Identity Center (SSO admin) errors.</summary>
    public const string SsoType = "AWSSSO";

    /// <summary>The <see cref="SymException.ErrorType"/> of Identity Store errors.</summary>
    public const string IdentityStoreType = "AWSIdentityStore";

    /// <summary>The <see cref="SymException.ErrorType"/> of Lambda errors.</summary>
    public const string LambdaType = "AWSLambda";

    /// <summary>No credentials were found in AWSSDK.Core's default chain.</summary>
    public const string NoCredentials = CredentialsType + ":NO_CREDENTIALS";

    /// <summary>STS AssumeRole failed or returned no credentials.</summary>
    public const string AssumeRoleFailed = CredentialsType + ":ASSUME_ROLE_FAILED";

    /// <summary>The IAM user or group does not exist.</summary>
    public const string IamNoSuchEntity = IamType + ":NO_SUCH_ENTITY";

    /// <summary>The Identity Center instance, permission set, account or principal does not exist.</summary>
    public const string SsoResourceNotFound = SsoType + ":RESOURCE_NOT_FOUND";

    /// <summary>An account assignment ended in a state other than SUCCEEDED.</summary>
    public const string SsoAssignmentFailed = SsoType + ":ASSIGNMENT_FAILED";

    /// <summary>An account assignment was still in progress when <c>AwsOptions.AssignmentTimeout</c> ran out.</summary>
    public const string SsoAssignmentTimeout = SsoType + ":ASSIGNMENT_TIMEOUT";

    /// <summary>A setting an AWS strategy needs (an instance ARN, an Identity Store id, …) is configured nowhere.</summary>
    public const string MissingSetting = SsoType + ":MISSING_SETTING";

    /// <summary>The Identity Store user or group does not exist.</summary>
    public const string IdentityStoreResourceNotFound = IdentityStoreType + ":RESOURCE_NOT_FOUND";

    /// <summary>The Lambda function does not exist.</summary>
    public const string LambdaResourceNotFound = LambdaType + ":RESOURCE_NOT_FOUND";

    /// <summary>A Lambda function's payload is not JSON (<c>LambdaInvocationResult.GetPayloadJson</c>).</summary>
    public const string LambdaInvalidPayload = LambdaType + ":INVALID_PAYLOAD";

    /// <summary>The payload is larger than Lambda accepts.</summary>
    public const string LambdaPayloadTooLarge = LambdaType + ":PAYLOAD_TOO_LARGE";

    /// <summary>The function ran and failed (an unhandled error in it).</summary>
    public const string LambdaFunctionError = LambdaType + ":FUNCTION_ERROR";

    /// <summary><c>AwsLambdaStrategy</c>: the function's answer to escalate was not JSON, or listed errors.</summary>
    public const string LambdaEscalateFailed = LambdaType + ":ESCALATE_FAILED";

    /// <summary><c>AwsLambdaStrategy</c>: the function's answer to deescalate was not JSON, or listed errors.</summary>
    public const string LambdaDeescalateFailed = LambdaType + ":DEESCALATE_FAILED";
}
