using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sym.Sdk.Flows;
using Sym.Sdk.Runtime;
using Sym.Sdk.Secrets;
using Sym.Sdk.Strategies;
using Sym.Sdk.Templates;

namespace Sym.Sdk.Tests.DependencyInjection;

public sealed class EnvironmentRegistrationTests
{
    public sealed class CapturingFlow : FlowImplementation
    {
        public Event? Seen { get; private set; }

        public override ValueTask<TemplateStep?> OnRequestAsync(Event evt, CancellationToken cancellationToken = default)
        {
            Seen = evt;
            return default;
        }
    }

    public sealed class NoopStrategy : AccessStrategy
    {
        public override ValueTask<string?> FetchRemoteIdentityAsync(User user, CancellationToken cancellationToken = default) => new(user.Email);

        public override ValueTask<StrategyOutput?> EscalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default) => default;

        public override ValueTask<StrategyOutput?> DeescalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default) => default;

        public static Integration IntegrationOf(Event evt) => GetIntegration(evt);
    }

    private static readonly Dictionary<string, string?> ProdSettings = new()
    {
        ["Sym:Environments:prod:Integrations:github:Type"] = "custom",
        ["Sym:Environments:prod:Integrations:github:ExternalId"] = "acme",
        ["Sym:Environments:prod:Integrations:github:Settings:org"] = "acme-corp",
        ["Sym:Environments:prod:Integrations:github:Secrets:0:Name"] = "api_token_secret",
        ["Sym:Environments:prod:Integrations:github:Secrets:0:Provider"] = "configuration",
        ["Sym:Environments:prod:Integrations:github:Secrets:0:Path"] = "Secrets:GitHub",
        ["Secrets:GitHub"] = "ghp-test-token",
    };

    private static ServiceProvider Build(Dictionary<string, string?> settings, Action<SymBuilder> configure)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        configure(services.AddSym());
        return services.BuildServiceProvider();
    }

    private static void ProdFlow(SymBuilder sym, Action<FlowOptions>? more = null) =>
        sym.AddFlow<CapturingFlow>("prod_access", f => f.UseStrategy<NoopStrategy>().Configure(o =>
        {
            o.Environment = "prod";
            o.Strategy.IntegrationName = "github";
            more?.Invoke(o);
        }));

    private static async Task<Event> RequestAsync(ServiceProvider sp, string flow = "prod_access")
    {
        SymActionResult result = await sp.GetRequiredService<SymEngine>().RequestAsync(new AccessRequest
        {
            Flow = flow, Requester = new User { Username = "a@example.com", Email = "a@example.com" }, Duration = TimeSpan.FromHours(1),
        });
        result.IsApplied.Should().BeTrue();
        return sp.GetRequiredService<CapturingFlow>().Seen!;
    }

    [Fact]
    public async Task AddConfiguredEnvironment_BindsIntegrationsAndSecrets_EveryEventCarriesThem()
    {
        using ServiceProvider sp = Build(ProdSettings, sym =>
        {
            sym.AddConfiguredEnvironment("prod");
            ProdFlow(sym);
        });

        Event evt = await RequestAsync(sp);

        evt.Flow.Environment.Name.Should().Be("prod");
        Integration github = evt.Flow.Environment.Integrations["github"];
        github.Type.Should().Be("custom");
        github.ExternalId.Should().Be("acme");
        github.Settings["org"].Should().Be("acme-corp");
        NoopStrategy.IntegrationOf(evt).Should().BeSameAs(github);
        (await github.GetSecret("api_token_secret").RetrieveValueAsync()).Should().Be("ghp-test-token");
    }

    [Fact]
    public async Task AddEnvironment_InCode_WithARegisteredProvider()
    {
        using ServiceProvider sp = Build([], sym =>
        {
            sym.AddEnvironment("prod", e => e.Integrations["github"] = new IntegrationOptions
            {
                Type = "custom", Secrets = { new SecretReferenceOptions { Provider = "fixed", Path = "x" } },
            });
            sym.UseSecretProvider(new FixedProvider());
            ProdFlow(sym);
        });

        Event evt = await RequestAsync(sp);

        (await evt.Flow.Environment.Integrations["github"].Secrets[0].RetrieveValueAsync()).Should().Be("fixed:x");
    }

    [Fact]
    public async Task FlowWithoutEnvironment_IsInTheEmptyDefaultEnvironment_AndGetIntegrationThrowsNoIntegration()
    {
        using ServiceProvider sp = Build([], sym => sym.AddFlow<CapturingFlow>("plain", f => f.UseStrategy<NoopStrategy>()));

        Event evt = await RequestAsync(sp, "plain");

        evt.Flow.Environment.Name.Should().Be("default");
        evt.Flow.Environment.Integrations.Should().BeEmpty();
        FluentActions.Invoking(() => NoopStrategy.IntegrationOf(evt)).Should().Throw<SymException>()
            .Where(e => e.ErrorCode == SymErrorCodes.NoIntegration);
    }

    [Fact]
    public void UnknownEnvironment_FailsWhenTheEngineIsBuilt()
    {
        using ServiceProvider sp = Build([], sym => ProdFlow(sym));

        FluentActions.Invoking(sp.GetRequiredService<SymEngine>).Should().Throw<SymException>()
            .Where(e => e.ErrorCode == SymErrorCodes.UnknownEnvironment && e.Message.Contains("Sym:Flows:prod_access:Environment is 'prod'") && e.Message.Contains("known: default"));
    }

    [Fact]
    public void EnvironmentNamesDifferingOnlyInCase_FailAtRegistration()
    {
        var services = new ServiceCollection();
        SymBuilder sym = services.AddSym().AddEnvironment("prod");

        FluentActions.Invoking(() => sym.AddEnvironment("Prod")).Should().Throw<SymException>()
            .Where(e => e.ErrorCode == SymErrorCodes.DuplicateEnvironment);
        FluentActions.Invoking(() => sym.AddEnvironment("prod")).Should().NotThrow("the same name configures the same environment");
    }

    [Fact]
    public void InvalidIntegration_ListsEverySettingByPath()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Sym:Environments:prod:Integrations:github:Name"] = "gh",
            ["Sym:Environments:prod:Integrations:github:Secrets:0:Provider"] = "env",
            ["Sym:Environments:prod:Integrations:github:Secrets:1:Name"] = "a",
            ["Sym:Environments:prod:Integrations:github:Secrets:1:Provider"] = "env",
            ["Sym:Environments:prod:Integrations:github:Secrets:1:Path"] = "A",
            ["Sym:Environments:prod:Integrations:github:Secrets:2:Name"] = "a",
            ["Sym:Environments:prod:Integrations:github:Secrets:2:Provider"] = "env",
            ["Sym:Environments:prod:Integrations:github:Secrets:2:Path"] = "B",
        };
        using ServiceProvider sp = Build(settings, sym =>
        {
            sym.AddConfiguredEnvironment("prod");
            ProdFlow(sym);
        });

        SymException e = FluentActions.Invoking(sp.GetRequiredService<SymEngine>).Should().Throw<SymException>().Which;
        e.ErrorCode.Should().Be(SymErrorCodes.InvalidEnvironment);
        e.Message.Should().Contain("Sym:Environments:prod:Integrations:github:Name is 'gh'")
            .And.Contain("Sym:Environments:prod:Integrations:github:Type is required.")
            .And.Contain("Sym:Environments:prod:Integrations:github:Secrets:0:Path is required.")
            .And.Contain("Sym:Environments:prod:Integrations:github:Secrets:2:Name 'a' is used by another secret");
    }

    [Fact]
    public void SecretOfAnUnregisteredProvider_FailsWhenTheEngineIsBuilt()
    {
        var settings = new Dictionary<string, string?>(ProdSettings) { ["Sym:Environments:prod:Integrations:github:Secrets:0:Provider"] = "keyvault" };
        using ServiceProvider sp = Build(settings, sym =>
        {
            sym.AddConfiguredEnvironment("prod");
            ProdFlow(sym);
        });

        FluentActions.Invoking(sp.GetRequiredService<SymEngine>).Should().Throw<SymException>()
            .Where(e => e.ErrorCode == SymSecretErrorCodes.ProviderNotFound && e.Message.Contains("Sym:Environments:prod:Integrations:github:Secrets:0:Provider"));
    }

    [Fact]
    public void StrategyWithBothIntegrationNameAndInlineIntegration_IsInvalid()
    {
        using ServiceProvider sp = Build(ProdSettings, sym =>
        {
            sym.AddConfiguredEnvironment("prod");
            ProdFlow(sym, o => o.Strategy.Integration = new IntegrationOptions { Name = "x", Type = "custom" });
        });

        FluentActions.Invoking(sp.GetRequiredService<SymEngine>).Should().Throw<SymException>()
            .Where(e => e.ErrorCode == SymErrorCodes.InvalidFlow && e.Message.Contains("both IntegrationName and Integration"));
    }

    [Fact]
    public async Task InlineStrategyIntegration_KeepsItsSecrets()
    {
        using ServiceProvider sp = Build(ProdSettings, sym => sym.AddFlow<CapturingFlow>("inline", f => f.UseStrategy<NoopStrategy>().Configure(o =>
            o.Strategy.Integration = new IntegrationOptions
            {
                Name = "github", Type = "custom", Secrets = { new SecretReferenceOptions { Provider = "configuration", Path = "Secrets:GitHub" } },
            })));

        Event evt = await RequestAsync(sp, "inline");

        (await NoopStrategy.IntegrationOf(evt).Secrets[0].RetrieveValueAsync()).Should().Be("ghp-test-token");
    }

    private sealed class FixedProvider : ISymSecretProvider
    {
        public string Name => "fixed";

        public ValueTask<string> GetSecretAsync(SymSecretReference reference, CancellationToken cancellationToken = default) =>
            new($"{Name}:{reference.Path}");
    }
}
