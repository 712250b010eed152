using Amazon;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sym.Sdk.Integrations.Aws.Credentials;

namespace Sym.Sdk.Integrations.Aws.Internal;

/// <summary>Builds the <see cref="IAwsCredentialsProvider"/> that <see cref="AwsOptions"/> describes.</summary>
internal static class AwsCredentialsFactory
{
    public static IAwsCredentialsProvider Create(IServiceProvider services)
    {
        AwsOptions options = services.GetRequiredService<IOptions<AwsOptions>>().Value;
        TimeProvider timeProvider = services.GetRequiredService<TimeProvider>();
        bool hasKeys = !string.IsNullOrEmpty(options.AccessKeyId) && !string.IsNullOrEmpty(options.SecretAccessKey);

        if (options.AssumeRole is { } role)
        {
            RegionEndpoint region = RegionEndpoint.GetBySystemName(options.Region);
            AmazonSecurityTokenServiceClient sts = hasKeys
                ? new AmazonSecurityTokenServiceClient(BaseCredentials(options), region)
                : new AmazonSecurityTokenServiceClient(region);
            return new AssumeRoleAwsCredentialsProvider(sts, role, timeProvider);
        }

        return hasKeys
            ? new StaticAwsCredentialsProvider(new AwsCredentials(options.AccessKeyId!, options.SecretAccessKey!, options.SessionToken))
            : new DefaultChainAwsCredentialsProvider();
    }

    private static AWSCredentials BaseCredentials(AwsOptions options) => string.IsNullOrEmpty(options.SessionToken)
        ? new BasicAWSCredentials(options.AccessKeyId, options.SecretAccessKey)
        : new SessionAWSCredentials(options.AccessKeyId, options.SecretAccessKey, options.SessionToken);
}
