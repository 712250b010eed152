namespace Sym.Sdk.Integrations.Aws.Credentials;

/// <summary>
/// Supplies the AWS credentials requests are signed with. Implementations cache and refresh as needed; callers ask
/// before every request.
/// </summary>
public interface IAwsCredentialsProvider
{
    /// <summary>Returns credentials valid now.</summary>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The credentials.</returns>
    /// <exception cref="SymAuthenticationException">Code <c>AWS:NO_CREDENTIALS</c>: no credentials could be resolved.</exception>
    ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken = default);
}
