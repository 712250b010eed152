namespace Sym.Sdk.Integrations.Aws.Credentials;

/// <summary>Always supplies the same credentials: for tests, and for keys injected from a secret store.</summary>
/// <param name="credentials">The credentials.</param>
public sealed class StaticAwsCredentialsProvider(AwsCredentials credentials) : IAwsCredentialsProvider
{
    private readonly AwsCredentials _credentials = credentials ?? throw new ArgumentNullException(nameof(credentials));

    /// <inheritdoc />
    public ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken = default) => new(_credentials);
}
