using Microsoft.Extensions.Time.Testing;
using Sym.Sdk.Integrations.Aws.Credentials;
using Sym.Sdk.Integrations.Aws.Iam.Internal;
using Sym.Sdk.Integrations.Aws.IdentityStore.Internal;
using Sym.Sdk.Integrations.Aws.Lambda.Internal;
using Sym.Sdk.Integrations.Aws.Signing;
using Sym.Sdk.Integrations.Aws.Sso.Internal;
using Sym.Sdk.Testing.Http;

namespace Sym.Sdk.Integrations.Tests.Aws;

/// <summary>Real clients over the signing handler and a <see cref="FakeHttpHandler"/> primary handler.</summary>
internal static class AwsTestClients
{
    public static readonly AwsCredentials Credentials = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "session-token");

    public static FakeTimeProvider Clock() => new(new DateTimeOffset(2025, 11, 25, 22, 0, 0, TimeSpan.Zero));

    public static HttpClient Http(FakeHttpHandler fake, string region, string service, string host, TimeProvider time) =>
        new(new AwsSigV4Handler(new StaticAwsCredentialsProvider(Credentials), region, service, time) { InnerHandler = fake })
        {
            BaseAddress = new Uri($"https://{host}/"),
        };

    public static IamClient Iam(FakeHttpHandler fake, TimeProvider time) =>
        new(Http(fake, "us-east-1", "iam", "iam.amazonaws.com", time), time);

    public static SsoAdminClient Sso(FakeHttpHandler fake, TimeProvider time) =>
        new(Http(fake, "eu-west-1", "sso", "sso.eu-west-1.amazonaws.com", time), time);

    public static IdentityStoreClient IdentityStore(FakeHttpHandler fake, TimeProvider time) =>
        new(Http(fake, "eu-west-1", "identitystore", "identitystore.eu-west-1.amazonaws.com", time), time);

    public static LambdaClient Lambda(FakeHttpHandler fake, TimeProvider time) =>
        new(Http(fake, "eu-west-1", "lambda", "lambda.eu-west-1.amazonaws.com", time), time);

    public static Func<RecordedHttpRequest, bool> Target(string target) => r => r.Header("X-Amz-Target") == target;
}
