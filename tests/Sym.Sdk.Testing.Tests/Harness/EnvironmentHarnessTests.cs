using Microsoft.Extensions.DependencyInjection;
using System.Collections.Concurrent;
using Sym.Sdk.Flows;
using Sym.Sdk.Requests;
using Sym.Sdk.Runtime;
using Sym.Sdk.Secrets;
using Sym.Sdk.Strategies;
using static Sym.Sdk.Testing.Tests.Harness.People;

namespace Sym.Sdk.Testing.Tests.Harness;

/// <summary>Sym's multiple_environments example: one flow implementation and strategy registered as a sandbox and a prod flow.</summary>
public sealed class EnvironmentHarnessTests
{
    public sealed class EnvFlow : FlowImplementation
    {
        public ConcurrentQueue<string> Seen { get; } = new();

        public override ValueTask<RequestDestination?> GetApproversAsync(Event evt, CancellationToken cancellationToken = default)
        {
            Seen.Enqueue($"{evt.Name}:{evt.Flow.Environment.Name}:{string.Join(",", evt.Flow.Environment.Integrations.Keys.Order())}");
            return new(new SlackChannelName(evt.Flow.Vars["request_channel"]) { AllowSelf = true });
        }
    }

    /// <summary>Reads its integration's token as Sym's custom_strategy does: <c>self.integration.settings["secrets"][0].retrieve_value()</c>.</summary>
    public sealed class TokenStrategy : AccessStrategy
    {
        public ConcurrentQueue<string> Grants { get; } = new();

        public override ValueTask<string?> FetchRemoteIdentityAsync(User user, CancellationToken cancellationToken = default) => new(user.Email);

        public override async ValueTask<StrategyOutput?> EscalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default)
        {
            Integration integration = GetIntegration(evt);
            string token = await integration.Secrets[0].RetrieveValueAsync(cancellationToken);
            string named = await integration.GetSecret("api_token_secret").RetrieveValueAsync(cancellationToken);
            Grants.Enqueue($"{evt.Flow.Name}:{integration.Name}:{integration.ExternalId}:{token}:{named}");
            return StrategyOutput.Applied();
        }

        public override ValueTask<StrategyOutput?> DeescalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default) =>
            new(StrategyOutput.Applied());
    }

    private static void Environment(EnvironmentOptions e, string externalId, string tokenPath) =>
        e.Integrations["api"] = new IntegrationOptions
        {
            Type = "custom",
            ExternalId = externalId,
            Secrets =
            {
                new SecretReferenceOptions { Provider = "env", Path = tokenPath },
                new SecretReferenceOptions { Name = "api_token_secret", Provider = "vault", Path = $"{externalId}/token" },
            },
        };

    private static void Flow(FlowOptions o, string environment, string channel)
    {
        o.Environment = environment;
        o.Strategy.IntegrationName = "api";
        o.Vars["request_channel"] = channel;
        o.Targets.Add(new AccessTargetOptions { Name = "db" });
    }

    private static SymFlowHarnessBuilder Builder() =>
        SymFlowHarness.CreateBuilder()
            .AddEnvironment("sandbox", e => Environment(e, "sandbox.example.com", "SANDBOX_TOKEN"))
            .AddEnvironment("prod", e => Environment(e, "prod.example.com", "PROD_TOKEN"))
            .AddFlow<EnvFlow, TokenStrategy>("sandbox_access", o => Flow(o, "sandbox", "#sandbox-access"))
            .AddFlow<EnvFlow, TokenStrategy>("prod_access", o => Flow(o, "prod", "#prod-access"))
            .SetSecret("env", "SANDBOX_TOKEN", "s-1")
            .SetSecret("env", "PROD_TOKEN", "p-1")
            .SetSecret("vault", "sandbox.example.com/token", "s-named")
            .SetSecret("vault", "prod.example.com/token", "p-named");

    [Fact]
    public async Task SameImplementationInTwoEnvironments_EachFlowSeesItsOwnEnvironmentIntegrationAndSecrets()
    {
        await using SymFlowHarness harness = Builder().Build();

        await (await harness.RequestAsync(Alice, target: "db", duration: TimeSpan.FromHours(1), flow: "sandbox_access")).ApproveAsync(Alice);
        await (await harness.RequestAsync(Alice, target: "db", duration: TimeSpan.FromHours(1), flow: "prod_access")).ApproveAsync(Alice);

        TokenStrategy strategy = harness.Services.GetRequiredService<TokenStrategy>();
        strategy.Grants.Should().Equal(
            "sandbox_access:api:sandbox.example.com:s-1:s-named",
            "prod_access:api:prod.example.com:p-1:p-named");
        harness.Services.GetRequiredService<EnvFlow>().Seen.Should().Equal("request:sandbox:api", "request:prod:api");
    }

    [Fact]
    public async Task RotatedSecret_IsReadAgainOnTheNextGrant()
    {
        SymFlowHarnessBuilder builder = Builder();
        await using SymFlowHarness harness = builder.Build();
        await (await harness.RequestAsync(Alice, target: "db", duration: TimeSpan.FromHours(1), flow: "prod_access")).ApproveAsync(Alice);
        builder.SecretProvider("env").Set("PROD_TOKEN", "p-2");
        await (await harness.RequestAsync(Alice, target: "db", duration: TimeSpan.FromHours(1), flow: "prod_access")).ApproveAsync(Alice);

        harness.Services.GetRequiredService<TokenStrategy>().Grants.Select(g => g.Split(':')[3]).Should().Equal("p-1", "p-2");
        builder.SecretProvider("env").Reads.Should().Be(2);
    }

    [Fact]
    public async Task MissingSecret_FailsTheGrantWithSecretNotFound_AndNeverShowsAValue()
    {
        SymFlowHarnessBuilder builder = Builder();
        builder.SecretProvider("env").Remove("PROD_TOKEN");
        await using SymFlowHarness harness = builder.Build();

        HarnessRun run = await harness.RequestAsync(Alice, target: "db", duration: TimeSpan.FromHours(1), flow: "prod_access");
        await run.ApproveAsync(Alice);

        run.Errors.Should().ContainSingle(e => e.Code == SymSecretErrorCodes.NotFound)
            .Which.Message.Should().Contain("PROD_TOKEN").And.NotContain("p-named").And.NotContain("s-1");
        harness.Services.GetRequiredService<TokenStrategy>().Grants.Should().BeEmpty();
    }

    [Fact]
    public void Build_FlowInUnknownEnvironment_FailsWithUnknownEnvironment()
    {
        SymFlowHarnessBuilder builder = SymFlowHarness.CreateBuilder()
            .AddFlow<EnvFlow, TokenStrategy>("staging_access", o => Flow(o, "staging", "#staging"));

        FluentActions.Invoking(builder.Build).Should().Throw<SymException>()
            .Where(e => e.ErrorCode == SymErrorCodes.UnknownEnvironment && e.Message.Contains("Sym:Flows:staging_access:Environment is 'staging'"));
    }

    [Fact]
    public void Build_StrategyNamesAnIntegrationTheEnvironmentLacks_FailsWithUnknownIntegration()
    {
        SymFlowHarnessBuilder builder = SymFlowHarness.CreateBuilder()
            .AddEnvironment("prod", e => e.Integrations["okta"] = new IntegrationOptions { Type = "okta" })
            .AddFlow<EnvFlow, TokenStrategy>("prod_access", o => Flow(o, "prod", "#prod"));

        FluentActions.Invoking(builder.Build).Should().Throw<SymException>()
            .Where(e => e.ErrorCode == SymErrorCodes.UnknownIntegration && e.Message.Contains("has no such integration (it has: okta)"));
    }
}
