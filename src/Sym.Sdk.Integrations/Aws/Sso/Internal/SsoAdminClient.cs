using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sym.Sdk.Integrations.Aws.Internal;

namespace Sym.Sdk.Integrations.Aws.Sso.Internal;

/// <summary>Identity Center admin over JSON 1.1 (POST https://sso.{region}.amazonaws.com/, target SWBExternalService.*).</summary>
internal sealed class SsoAdminClient : ISsoAdminClient
{
    public const string TargetPrefix = "SWBExternalService.";
    private readonly ILogger _logger;
    private readonly AwsJsonProtocol _json;

    public SsoAdminClient(HttpClient http, TimeProvider timeProvider, ILogger<SsoAdminClient>? logger = null)
    {
        _logger = logger ?? NullLogger<SsoAdminClient>.Instance;
        _json = new AwsJsonProtocol(http, TargetPrefix, AwsErrors.Sso, timeProvider, _logger);
    }

    public Task<AccountAssignmentOperation> CreateAccountAssignmentAsync(AccountAssignment assignment, CancellationToken cancellationToken = default) =>
        ChangeAsync("CreateAccountAssignment", "AccountAssignmentCreationStatus", assignment, cancellationToken);

    public Task<AccountAssignmentOperation> DeleteAccountAssignmentAsync(AccountAssignment assignment, CancellationToken cancellationToken = default) =>
        ChangeAsync("DeleteAccountAssignment", "AccountAssignmentDeletionStatus", assignment, cancellationToken);

    public Task<AccountAssignmentOperation> DescribeAccountAssignmentCreationStatusAsync(string instanceArn, string requestId, CancellationToken cancellationToken = default) =>
        DescribeAsync("DescribeAccountAssignmentCreationStatus", "AccountAssignmentCreationRequestId", "AccountAssignmentCreationStatus", instanceArn, requestId, cancellationToken);

    public Task<AccountAssignmentOperation> DescribeAccountAssignmentDeletionStatusAsync(string instanceArn, string requestId, CancellationToken cancellationToken = default) =>
        DescribeAsync("DescribeAccountAssignmentDeletionStatus", "AccountAssignmentDeletionRequestId", "AccountAssignmentDeletionStatus", instanceArn, requestId, cancellationToken);

    public IAsyncEnumerable<AccountAssignment> ListAccountAssignmentsAsync(
        string instanceArn, string accountId, string permissionSetArn, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceArn);
        ArgumentException.ThrowIfNullOrEmpty(accountId);
        ArgumentException.ThrowIfNullOrEmpty(permissionSetArn);
        return _json.PaginateAsync(
            "ListAccountAssignments",
            (instanceArn, accountId, permissionSetArn),
            static (w, s) =>
            {
                w.WriteString("InstanceArn", s.instanceArn);
                w.WriteString("AccountId", s.accountId);
                w.WriteString("PermissionSetArn", s.permissionSetArn);
            },
            "AccountAssignments",
            static (item, s) => new AccountAssignment
            {
                InstanceArn = s.instanceArn,
                AccountId = item.GetString("AccountId") ?? s.accountId,
                PermissionSetArn = item.GetString("PermissionSetArn") ?? s.permissionSetArn,
                PrincipalId = item.RequiredString("PrincipalId", AwsErrors.Sso),
                PrincipalType = new AwsPrincipalType(item.GetString("PrincipalType") ?? AwsPrincipalType.User.Value),
            },
            cancellationToken);
    }

    internal static AccountAssignmentOperation ReadOperation(JsonElement status) => new()
    {
        Status = new AccountAssignmentStatus(status.RequiredString("Status", AwsErrors.Sso)),
        RequestId = status.RequiredString("RequestId", AwsErrors.Sso),
        FailureReason = status.GetString("FailureReason"),
        CreatedDate = status.TryGetProperty("CreatedDate", out JsonElement created) && created.ValueKind == JsonValueKind.Number
            ? DateTimeOffset.UnixEpoch.AddSeconds(created.GetDouble())
            : null,
        AccountId = status.GetString("TargetId"),
        PermissionSetArn = status.GetString("PermissionSetArn"),
        PrincipalId = status.GetString("PrincipalId"),
        PrincipalType = status.GetString("PrincipalType") is { } type ? new AwsPrincipalType(type) : null,
    };

    private async Task<AccountAssignmentOperation> ChangeAsync(string operation, string resultName, AccountAssignment assignment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        ArgumentException.ThrowIfNullOrEmpty(assignment.InstanceArn);
        ArgumentException.ThrowIfNullOrEmpty(assignment.AccountId);
        ArgumentException.ThrowIfNullOrEmpty(assignment.PermissionSetArn);
        ArgumentException.ThrowIfNullOrEmpty(assignment.PrincipalId);
        using JsonDocument document = await _json.SendAsync(operation, assignment, static (w, a) =>
        {
            w.WriteString("InstanceArn", a.InstanceArn);
            w.WriteString("TargetId", a.AccountId);
            w.WriteString("TargetType", "AWS_ACCOUNT");
            w.WriteString("PermissionSetArn", a.PermissionSetArn);
            w.WriteString("PrincipalType", a.PrincipalType.Value);
            w.WriteString("PrincipalId", a.PrincipalId);
        }, cancellationToken).ConfigureAwait(false);
        return ReadResult(document, resultName);
    }

    private async Task<AccountAssignmentOperation> DescribeAsync(
        string operation, string idName, string resultName, string instanceArn, string requestId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceArn);
        ArgumentException.ThrowIfNullOrEmpty(requestId);
        using JsonDocument document = await _json.SendAsync(operation, (idName, instanceArn, requestId), static (w, s) =>
        {
            w.WriteString("InstanceArn", s.instanceArn);
            w.WriteString(s.idName, s.requestId);
        }, cancellationToken).ConfigureAwait(false);
        AccountAssignmentOperation result = ReadResult(document, resultName);
        AwsLog.AssignmentPolled(_logger, result.RequestId, result.Status.Value);
        return result;
    }

    private static AccountAssignmentOperation ReadResult(JsonDocument document, string resultName) =>
        document.RootElement.TryGetProperty(resultName, out JsonElement status) && status.ValueKind == JsonValueKind.Object
            ? ReadOperation(status)
            : throw new SymException($"{AwsErrors.Sso}:INVALID_RESPONSE", $"Identity Center's response has no {resultName}.");

}
