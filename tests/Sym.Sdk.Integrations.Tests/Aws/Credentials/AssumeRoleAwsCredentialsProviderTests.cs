using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Sym.Sdk.Integrations.Aws.Credentials;
using Sym.Sdk.Integrations.Aws;

namespace Sym.Sdk.Integrations.Tests.Aws.Credentials;

public sealed class AssumeRoleAwsCredentialsProviderTests
{
    private static readonly AwsAssumeRoleOptions Role = new()
    {
        RoleArn = "arn:aws:iam::123456789012:role/sym", ExternalId = "ext-1", Duration = TimeSpan.FromHours(1),
    };

    [Fact]
    public async Task GetCredentialsAsync_BeforeAndAfterRefreshWindow_AssumesAgainOnlyWhenDue()
    {
        var time = AwsTestClients.Clock();
        var requests = new List<AssumeRoleRequest>();
        var provider = new AssumeRoleAwsCredentialsProvider((request, _) =>
        {
            requests.Add(request);
            return Task.FromResult(new AssumeRoleResponse
            {
                Credentials = new Amazon.SecurityToken.Model.Credentials
                {
                    AccessKeyId = $"ASIA{requests.Count}", SecretAccessKey = "s", SessionToken = "t",
                    Expiration = time.GetUtcNow().UtcDateTime.AddHours(1),
                },
            });
        }, Role, time);

        AwsCredentials first = await provider.GetCredentialsAsync();
        time.Advance(TimeSpan.FromMinutes(54));
        AwsCredentials cached = await provider.GetCredentialsAsync();
        time.Advance(TimeSpan.FromMinutes(1));
        AwsCredentials renewed = await provider.GetCredentialsAsync();

        first.AccessKeyId.Should().Be("ASIA1");
        cached.Should().BeSameAs(first);
        renewed.AccessKeyId.Should().Be("ASIA2");
        requests.Should().HaveCount(2);
        requests[0].RoleArn.Should().Be(Role.RoleArn);
        requests[0].ExternalId.Should().Be("ext-1");
        requests[0].DurationSeconds.Should().Be(3600);
        requests[0].RoleSessionName.Should().Be("sym-sdk");
    }

    [Fact]
    public async Task GetCredentialsAsync_StsRejects_ThrowsAuthenticationError()
    {
        var provider = new AssumeRoleAwsCredentialsProvider(
            (_, _) => throw new AmazonSecurityTokenServiceException("not authorized") { ErrorCode = "AccessDenied" }, Role, AwsTestClients.Clock());

        Func<Task> act = async () => await provider.GetCredentialsAsync();

        SymAuthenticationException error = (await act.Should().ThrowAsync<SymAuthenticationException>()).Which;
        error.ErrorCode.Should().Be(AwsErrorCodes.AssumeRoleFailed);
        error.Message.Should().Contain("AccessDenied");
    }
}
