using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Sym.Sdk.Integrations.Aws;
using Sym.Sdk.Integrations.Aws.Credentials;
using Sym.Sdk.Integrations.Aws.Iam;
using Sym.Sdk.Integrations.Aws.IdentityStore;
using Sym.Sdk.Integrations.Aws.Lambda;
using Sym.Sdk.Integrations.Aws.Sso;
using Sym.Sdk.Integrations.Aws.Strategies;
using Sym.Sdk.Testing.Http;

namespace Sym.Sdk.Integrations.Tests.Aws;

public sealed class SymAwsServiceCollectionExtensionsTests
{
    private static ServiceProvider Build(FakeHttpHandler http, FakeTimeProvider time, Action<AwsOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddSymAws(o =>
        {
            o.Region = "eu-west-1";
            o.AccessKeyId = "AKIDEXAMPLE";
            o.SecretAccessKey = "secret";
            o.SsoInstanceArn = "arn:aws:sso:::instance/ssoins-1";
            o.IdentityStoreId = "d-1";
            configure?.Invoke(o);
        });
        services.AddSymAwsIam().ConfigurePrimaryHttpMessageHandler(() => http);
        services.AddSymAwsSsoAdmin().ConfigurePrimaryHttpMessageHandler(() => http);
        services.AddSymAwsIdentityStore().ConfigurePrimaryHttpMessageHandler(() => http);
        services.AddSymAwsLambda().ConfigurePrimaryHttpMessageHandler(() => http);
        return services.BuildServiceProvider(validateScopes: true);
    }

    [Fact]
    public void AddSymAws_AllClients_ResolvesClientsStrategiesAndStaticCredentials()
    {
        using ServiceProvider provider = Build(new FakeHttpHandler(), AwsTestClients.Clock());

        provider.GetRequiredService<IIamClient>().Should().NotBeNull();
        provider.GetRequiredService<ISsoAdminClient>().Should().NotBeNull();
        provider.GetRequiredService<IIdentityStoreClient>().Should().NotBeNull();
        provider.GetRequiredService<ILambdaClient>().Should().NotBeNull();
        provider.GetRequiredService<AwsIamGroupStrategy>().Should().NotBeNull();
        provider.GetRequiredService<AwsSsoStrategy>().Should().NotBeNull();
        provider.GetRequiredService<AwsLambdaStrategy>().Should().NotBeNull();
        provider.GetRequiredService<IAwsCredentialsProvider>().Should().BeOfType<StaticAwsCredentialsProvider>();
    }

    [Fact]
    public async Task LambdaClient_ThrottledWithRetryAfter_RetriesAfterTheGivenDelayAndSignsEachAttempt()
    {
        FakeTimeProvider time = AwsTestClients.Clock();
        var http = new FakeHttpHandler();
        http.On(HttpMethod.Post, "/**")
            .Respond(_ =>
            {
                var throttled = new HttpResponseMessage(HttpStatusCode.TooManyRequests)
                {
                    Content = new StringContent("""{"Type":"User","message":"Rate exceeded","Reason":"CallerRateLimitExceeded"}"""),
                };
                throttled.Headers.Add("Retry-After", "7");
                throttled.Headers.Add("x-amzn-ErrorType", "TooManyRequestsException");
                return throttled;
            })
            .Respond(HttpStatusCode.OK, """{"body":null,"errors":[]}""");
        using ServiceProvider provider = Build(http, time);

        Task<LambdaInvocationResult> call = provider.GetRequiredService<ILambdaClient>().InvokeAsync("fn", "{}"u8.ToArray());
        await Task.WhenAny(call, Task.Delay(TimeSpan.FromMilliseconds(200), TimeProvider.System));
        http.Requests.Should().HaveCount(1);
        time.Advance(TimeSpan.FromSeconds(6));
        await Task.WhenAny(call, Task.Delay(TimeSpan.FromMilliseconds(200), TimeProvider.System));
        http.Requests.Should().HaveCount(1, "Retry-After asked for 7 seconds");
        time.Advance(TimeSpan.FromSeconds(1));
        LambdaInvocationResult result = await AwsClock.RunAsync(time, call);

        result.StatusCode.Should().Be(200);
        http.Requests.Should().HaveCount(2);
        http.Requests[1].Header("X-Amz-Date").Should().Be("20251125T220007Z");
        http.Requests[1].Header("Authorization").Should().NotBe(http.Requests[0].Header("Authorization"));
    }

    [Fact]
    public async Task IdentityStoreClient_ThrottledWithRetryAfterSeconds_HonoursTheBodyDelay()
    {
        FakeTimeProvider time = AwsTestClients.Clock();
        var http = new FakeHttpHandler();
        http.On(HttpMethod.Post, "/")
            .Respond(HttpStatusCode.BadRequest, """{"__type":"ThrottlingException","Message":"Rate exceeded","RetryAfterSeconds":12}""")
            .Respond(HttpStatusCode.OK, """{"UserId":"u1","IdentityStoreId":"d-1"}""");
        using ServiceProvider provider = Build(http, time);

        Task<string?> call = provider.GetRequiredService<IIdentityStoreClient>().GetUserIdAsync("d-1", IdentityStoreUserAttribute.Email, "a@b.c");
        await Task.WhenAny(call, Task.Delay(TimeSpan.FromMilliseconds(200), TimeProvider.System));
        time.Advance(TimeSpan.FromSeconds(11));
        await Task.WhenAny(call, Task.Delay(TimeSpan.FromMilliseconds(200), TimeProvider.System));
        http.Requests.Should().HaveCount(1, "RetryAfterSeconds asked for 12 seconds");
        string? id = await AwsClock.RunAsync(time, call);

        id.Should().Be("u1");
        http.Requests.Should().HaveCount(2);
    }

    [Fact]
    public async Task IamClient_ThrottledUntilRetriesRunOut_ThrowsRateLimitedWithRetryAfter()
    {
        FakeTimeProvider time = AwsTestClients.Clock();
        var http = new FakeHttpHandler();
        http.On(HttpMethod.Post, "/").Respond(_ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.BadRequest)
            {
                Content = new StringContent("<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>r</RequestId></ErrorResponse>"),
            };
            response.Headers.Add("Retry-After", "2");
            return response;
        });
        using ServiceProvider provider = Build(http, time, o => o.MaxRetryAttempts = 2);

        Task call = provider.GetRequiredService<IIamClient>().AddUserToGroupAsync("g", "u");
        Func<Task> act = () => AwsClock.RunAsync(time, call);

        SymRateLimitedException error = (await act.Should().ThrowAsync<SymRateLimitedException>()).Which;
        error.ErrorCode.Should().Be("AWSIAM:THROTTLING");
        error.RetryAfter.Should().Be(TimeSpan.FromSeconds(2));
        http.Requests.Should().HaveCount(3);
    }

    [Fact]
    public async Task SsoClient_AccessDenied_IsNotRetried()
    {
        var http = new FakeHttpHandler();
        http.On(HttpMethod.Post, "/").Respond(HttpStatusCode.BadRequest, """{"__type":"AccessDeniedException","Message":"no"}""");
        using ServiceProvider provider = Build(http, AwsTestClients.Clock());

        Func<Task> act = () => provider.GetRequiredService<ISsoAdminClient>().DescribeAccountAssignmentCreationStatusAsync("arn:x", "r");

        await act.Should().ThrowAsync<SymAuthenticationException>();
        http.Requests.Should().HaveCount(1);
    }

    [Theory]
    [InlineData("Region", "EU West")]
    [InlineData("SecretAccessKey", null)]
    [InlineData("SsoInstanceArn", "ssoins-1")]
    [InlineData("AssignmentPollInterval", "00:00:00")]
    public void Options_Invalid_FailValidationNamingTheSetting(string property, string? value)
    {
        using ServiceProvider provider = Build(new FakeHttpHandler(), AwsTestClients.Clock(), o =>
        {
            switch (property)
            {
                case "Region": o.Region = value!; break;
                case "SecretAccessKey": o.SecretAccessKey = value; break;
                case "SsoInstanceArn": o.SsoInstanceArn = value; break;
                case "AssignmentPollInterval": o.AssignmentPollInterval = TimeSpan.Parse(value!, System.Globalization.CultureInfo.InvariantCulture); break;
            }
        });

        Action act = () => _ = provider.GetRequiredService<IOptions<AwsOptions>>().Value;

        act.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain(property);
    }

    [Fact]
    public void Options_AssumeRoleWithBadArnAndDuration_ReportsBoth()
    {
        using ServiceProvider provider = Build(new FakeHttpHandler(), AwsTestClients.Clock(), o =>
            o.AssumeRole = new AwsAssumeRoleOptions { RoleArn = "sym-role", Duration = TimeSpan.FromMinutes(5), RefreshBeforeExpiry = TimeSpan.FromMinutes(1) });

        Action act = () => _ = provider.GetRequiredService<IOptions<AwsOptions>>().Value;

        OptionsValidationException error = act.Should().Throw<OptionsValidationException>().Which;
        error.Failures.Should().HaveCount(2);
        error.Message.Should().Contain("RoleArn").And.Contain("Duration");
    }
}
