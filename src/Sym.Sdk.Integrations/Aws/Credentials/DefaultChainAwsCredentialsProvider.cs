using Amazon.Runtime;
using Amazon.Runtime.Credentials;

namespace Sym.Sdk.Integrations.Aws.Credentials;

/// <summary>
/// Credentials from AWSSDK.Core's standard chain: environment variables, the shared profile, web identity (EKS, CI
/// OIDC), then the container or EC2 instance role. AWSSDK.Core caches and refreshes what it resolves.
/// </summary>
public sealed class DefaultChainAwsCredentialsProvider : IAwsCredentialsProvider
{
    /// <inheritdoc />
    public async ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            AWSCredentials resolved = await DefaultAWSCredentialsIdentityResolver.GetCredentialsAsync().ConfigureAwait(false);
            ImmutableCredentials current = await resolved.GetCredentialsAsync().ConfigureAwait(false);
            return new AwsCredentials(current.AccessKey, current.SecretKey, current.Token);
        }
        catch (AmazonClientException ex)
        {
            throw NoCredentials(ex);
        }
    }

    internal static SymAuthenticationException NoCredentials(Exception inner) => new(
        AwsErrorCodes.NoCredentials,
        "No AWS credentials could be resolved from the environment, profile, web identity or instance role.",
        "Set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or AWS_PROFILE, run with a role, or configure AwsOptions.AccessKeyId.",
        inner);
}
