using System.Globalization;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;

namespace Sym.Sdk.Integrations.Aws.Credentials;

/// <summary>
/// Credentials of an assumed role (STS <c>AssumeRole</c>), renewed <see cref="AwsAssumeRoleOptions.RefreshBeforeExpiry"/>
/// before they expire, on the given <see cref="TimeProvider"/>. Concurrent callers share one renewal.
/// </summary>
public sealed class AssumeRoleAwsCredentialsProvider : IAwsCredentialsProvider, IDisposable
{
    private readonly Func<AssumeRoleRequest, CancellationToken, Task<AssumeRoleResponse>> _assumeRole;
    private readonly AwsAssumeRoleOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private volatile AwsCredentials? _current;

    /// <summary>Creates the provider.</summary>
    /// <param name="sts">The STS client (its own credentials are the ones allowed to assume the role).</param>
    /// <param name="options">The role to assume.</param>
    /// <param name="timeProvider">The clock deciding when to renew. The default value is <see cref="TimeProvider.System"/>.</param>
    public AssumeRoleAwsCredentialsProvider(IAmazonSecurityTokenService sts, AwsAssumeRoleOptions options, TimeProvider? timeProvider = null)
        : this(WrapClient(sts), options, timeProvider ?? TimeProvider.System)
    {
    }

    internal AssumeRoleAwsCredentialsProvider(
        Func<AssumeRoleRequest, CancellationToken, Task<AssumeRoleResponse>> assumeRole, AwsAssumeRoleOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(assumeRole);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.RoleArn);
        ArgumentException.ThrowIfNullOrEmpty(options.RoleSessionName);
        _assumeRole = assumeRole;
        _options = options;
        _timeProvider = timeProvider;
    }

    /// <inheritdoc />
    public async ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken = default)
    {
        if (_current is { } fresh && IsFresh(fresh))
        {
            return fresh;
        }

        await _refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_current is { } renewed && IsFresh(renewed))
            {
                return renewed;
            }

            AssumeRoleResponse response;
            try
            {
                response = await _assumeRole(new AssumeRoleRequest
                {
                    RoleArn = _options.RoleArn,
                    RoleSessionName = _options.RoleSessionName,
                    ExternalId = _options.ExternalId,
                    DurationSeconds = (int)_options.Duration.TotalSeconds,
                }, cancellationToken).ConfigureAwait(false);
            }
            catch (AmazonSecurityTokenServiceException ex)
            {
                throw new SymAuthenticationException(
                    AwsErrorCodes.AssumeRoleFailed,
                    string.Create(CultureInfo.InvariantCulture, $"Assuming role '{_options.RoleArn}' failed: {ex.ErrorCode}."),
                    "Check the role's trust policy (principal, external id) and that the caller may call sts:AssumeRole.",
                    ex)
                { StatusCode = (int)ex.StatusCode, RequestId = ex.RequestId };
            }

            Amazon.SecurityToken.Model.Credentials c = response.Credentials
                ?? throw new SymAuthenticationException(AwsErrorCodes.AssumeRoleFailed, "STS returned no credentials.");
            DateTimeOffset? expiration = c.Expiration is { } e
                ? new DateTimeOffset(DateTime.SpecifyKind(e.ToUniversalTime(), DateTimeKind.Utc))
                : null;
            var credentials = new AwsCredentials(c.AccessKeyId, c.SecretAccessKey, c.SessionToken, expiration);
            _current = credentials;
            return credentials;
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _refresh.Dispose();

    private bool IsFresh(AwsCredentials credentials) =>
        credentials.Expiration is not { } expiry || _timeProvider.GetUtcNow() < expiry - _options.RefreshBeforeExpiry;

    private static Func<AssumeRoleRequest, CancellationToken, Task<AssumeRoleResponse>> WrapClient(IAmazonSecurityTokenService sts)
    {
        ArgumentNullException.ThrowIfNull(sts);
        return sts.AssumeRoleAsync;
    }
}
