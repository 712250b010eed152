using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sym.Sdk.Flows;
using Sym.Sdk.Runtime;
using Sym.Sdk.Runtime.Internal;
using Sym.Sdk.Strategies;

namespace Sym.Sdk.Tests.DependencyInjection;

public sealed class SymServiceCollectionExtensionsTests
{
    public sealed class Dependency
    {
        public string Name { get; } = "injected";
    }

    public sealed class InjectedFlow(Dependency dependency) : FlowImplementation
    {
        public Dependency Dependency { get; } = dependency;
    }

    public sealed class InjectedStrategy(Dependency dependency) : AccessStrategy
    {
        public Dependency Dependency { get; } = dependency;

        public override ValueTask<string?> FetchRemoteIdentityAsync(User user, CancellationToken cancellationToken = default) => new(user.Email);

        public override ValueTask<StrategyOutput?> EscalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default) => default;

        public override ValueTask<StrategyOutput?> DeescalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default) => default;
    }

    private static IServiceCollection Services()
    {
        var services = new ServiceCollection();
        services.AddSingleton<Dependency>();
        return services;
    }

    [Fact]
    public void AddSym_RegistersEngineStoreNotifierSchedulerAndClock()
    {
        IServiceCollection services = Services();
        services.AddSym().AddFlow<InjectedFlow>("custom_access", f => f.UseStrategy<InjectedStrategy>());
        using ServiceProvider sp = services.BuildServiceProvider();

        sp.GetRequiredService<SymEngine>().Flows.Should().Equal("custom_access");
        sp.GetRequiredService<SymScheduler>().Should().NotBeNull();
        sp.GetRequiredService<ISymRunStore>().Should().BeSameAs(sp.GetRequiredService<InMemorySymStore>());
        sp.GetRequiredService<ISymTimerStore>().Should().BeSameAs(sp.GetRequiredService<InMemorySymStore>());
        sp.GetRequiredService<ISymNotifier>().Should().BeOfType<DiscardingNotifier>();
        sp.GetRequiredService<TimeProvider>().Should().BeSameAs(TimeProvider.System);
    }

    [Fact]
    public void AddSym_CalledTwice_IsHarmless()
    {
        IServiceCollection services = Services();
        services.AddSym().AddFlow<InjectedFlow>("custom_access", f => f.UseStrategy<InjectedStrategy>());
        int count = services.Count;
        services.AddSym();
        services.AddSym().AddFlow<InjectedFlow>("custom_access");
        services.Count(d => d.ServiceType == typeof(SymEngine)).Should().Be(1);
        services.Count(d => d.ServiceType == typeof(InMemorySymStore)).Should().Be(1);
        using ServiceProvider sp = services.BuildServiceProvider();
        sp.GetRequiredService<SymEngine>().Flows.Should().Equal("custom_access");
        count.Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task AddFlow_ConstructsUserClassesWithInjectedDependencies()
    {
        IServiceCollection services = Services();
        services.AddSym().AddFlow<InjectedFlow>("custom_access", f => f.UseStrategy<InjectedStrategy>());
        using ServiceProvider sp = services.BuildServiceProvider();
        sp.GetRequiredService<InjectedFlow>().Dependency.Name.Should().Be("injected");
        sp.GetRequiredService<InjectedStrategy>().Dependency.Should().BeSameAs(sp.GetRequiredService<Dependency>());

        SymActionResult result = await sp.GetRequiredService<SymEngine>().RequestAsync(new AccessRequest
        {
            Flow = "custom_access", Requester = new User { Username = "a@example.com" }, Duration = TimeSpan.FromHours(1),
        });
        result.IsApplied.Should().BeTrue();
    }

    [Fact]
    public void AddFlow_UserRegistrationWins()
    {
        IServiceCollection services = Services();
        var mine = new InjectedStrategy(new Dependency());
        services.AddSingleton(mine);
        services.AddSym().AddFlow<InjectedFlow>("custom_access", f => f.UseStrategy<InjectedStrategy>());
        using ServiceProvider sp = services.BuildServiceProvider();
        sp.GetRequiredService<InjectedStrategy>().Should().BeSameAs(mine);
    }

    [Fact]
    public void AddFlow_WithoutStrategyOrResolver_IsAnApprovalOnlyFlow()
    {
        IServiceCollection services = Services();
        services.AddSym().AddFlow<InjectedFlow>("custom_access");
        using ServiceProvider sp = services.BuildServiceProvider();

        sp.GetRequiredService<SymEngine>().FindFlow("custom_access")!.IsApprovalOnly.Should().BeTrue();
    }

    [Fact]
    public void AddFlow_WithoutStrategy_WhenTheResolverKnowsNone_FailsWithAClearError()
    {
        IServiceCollection services = Services();
        services.AddSingleton<FlowResolver>(new NoStrategyResolver());
        services.AddSym().AddFlow<InjectedFlow>("custom_access");
        using ServiceProvider sp = services.BuildServiceProvider();

        Action act = () => sp.GetRequiredService<SymEngine>();

        act.Should().Throw<SymException>().Where(e => e.ErrorCode == SymErrorCodes.InvalidFlow && e.Message.Contains("has no strategy"))
            .Which.Hint.Should().Contain("UseStrategy").And.Contain("\"none\" for an approval-only flow");
    }

    [Fact]
    public void AddFlow_WithStrategyTypeNone_IsApprovalOnlyWithoutAskingTheResolver()
    {
        IServiceCollection services = Services();
        var resolver = new NoStrategyResolver();
        services.AddSingleton<FlowResolver>(resolver);
        services.AddSym().AddFlow<InjectedFlow>("custom_access", f => f.Configure(o => o.Strategy.Type = FlowStrategyOptions.NoStrategy));
        using ServiceProvider sp = services.BuildServiceProvider();

        sp.GetRequiredService<SymEngine>().FindFlow("custom_access")!.IsApprovalOnly.Should().BeTrue();
        resolver.StrategyAsks.Should().Be(0);
    }

    private sealed class NoStrategyResolver : FlowResolver
    {
        public int StrategyAsks { get; private set; }

        public override FlowImplementation ResolveImplementation(FlowRegistration flow, FlowOptions options, IServiceProvider services) =>
            throw new InvalidOperationException("Not asked: the flow names its implementation.");

        public override AccessStrategy? ResolveStrategy(FlowRegistration flow, FlowOptions options, IServiceProvider services)
        {
            StrategyAsks++;
            return null;
        }
    }

    [Fact]
    public void BindConfiguration_BindsTheFlowFromAppSettings()
    {
        IConfiguration config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sym:Flows:custom_access:Label"] = "Custom access",
            ["Sym:Flows:custom_access:MaxDuration"] = "4h",
            ["Sym:Flows:custom_access:AllowedDurations:0"] = "1h",
            ["Sym:Flows:custom_access:AllowedDurations:1"] = "4h",
            ["Sym:Flows:custom_access:Vars:request_channel"] = "#access",
            ["Sym:Flows:custom_access:Targets:0:Name"] = "prod",
            ["Sym:Flows:custom_access:Targets:0:Settings:group_id"] = "g-1",
            ["Sym:Flows:custom_access:Fields:0:Name"] = "reason",
            ["Sym:Flows:custom_access:Fields:0:Type"] = "string",
            ["Sym:Flows:custom_access:AllowRevoke"] = "false",
            ["Sym:Flows:custom_access:RequiredApprovals"] = "2",
            ["Sym:Flows:custom_access:ErrorChannel"] = "#alerts",
        }).Build();
        IServiceCollection services = Services();
        services.AddSingleton(config);
        services.AddSym().AddFlow<InjectedFlow>("custom_access", f => f.UseStrategy<InjectedStrategy>().BindConfiguration());
        using ServiceProvider sp = services.BuildServiceProvider();

        FlowOptions o = sp.GetRequiredService<IOptionsMonitor<FlowOptions>>().Get("custom_access");
        o.Label.Should().Be("Custom access");
        o.MaxDuration.Should().Be("4h");
        o.AllowedDurations.Should().Equal("1h", "4h");
        o.Vars["request_channel"].Should().Be("#access");
        o.Targets.Should().ContainSingle().Which.Settings["group_id"].Should().Be("g-1");
        o.Fields.Should().ContainSingle().Which.Name.Should().Be("reason");
        o.AllowRevoke.Should().BeFalse();
        o.RequiredApprovals.Should().Be(2);
        o.ErrorChannel.Should().Be("#alerts");
        sp.GetRequiredService<SymEngine>().Flows.Should().Equal("custom_access");
    }

    [Fact]
    public void ValidateOnStart_InvalidConfiguration_NamesTheOffendingSetting()
    {
        IConfiguration config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sym:Flows:custom_access:Targets:0:Label"] = "no name",
        }).Build();
        IServiceCollection services = Services();
        services.AddSingleton(config);
        services.AddSym().AddFlow<InjectedFlow>("custom_access", f => f.UseStrategy<InjectedStrategy>().BindConfiguration());
        using ServiceProvider sp = services.BuildServiceProvider();

        Action act = () => sp.GetRequiredService<IStartupValidator>().Validate();
        act.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain("Sym:Flows:custom_access:Targets:0:Name is required.");
    }

    [Fact]
    public void ValidateOnStart_CodeConfiguredFlow_IsValidatedToo()
    {
        IServiceCollection services = Services();
        services.AddSym().AddFlow<InjectedFlow>("custom_access", f => f.UseStrategy<InjectedStrategy>()
            .Configure(o => o.AllowedDurations.Add("often")));
        using ServiceProvider sp = services.BuildServiceProvider();
        Action act = () => sp.GetRequiredService<IStartupValidator>().Validate();
        act.Should().Throw<OptionsValidationException>().Which.Message
            .Should().Contain("Sym:Flows:custom_access:AllowedDurations:0 'often' is not a positive duration");
    }

    [Fact]
    public void ValidateOnStart_InvalidEngineOptions_Fail()
    {
        IServiceCollection services = Services();
        services.AddSym(o =>
        {
            o.TimerBatchSize = 0;
            o.TimerConcurrency = 0;
        });
        using ServiceProvider sp = services.BuildServiceProvider();
        Action act = () => sp.GetRequiredService<IStartupValidator>().Validate();
        act.Should().Throw<OptionsValidationException>().Which.Message.Should()
            .Contain("SymOptions.TimerBatchSize must be positive; it is 0.").And.Contain("SymOptions.TimerConcurrency must be positive; it is 0.");
    }

    [Fact]
    public void ValidateOnStart_StallTimeoutNotLongerThanTheInterval_Fails()
    {
        IServiceCollection services = Services();
        services.AddSym(o =>
        {
            o.SchedulerInterval = TimeSpan.FromMinutes(1);
            o.SchedulerStallTimeout = TimeSpan.FromSeconds(30);
        });
        using ServiceProvider sp = services.BuildServiceProvider();
        Action act = () => sp.GetRequiredService<IStartupValidator>().Validate();
        act.Should().Throw<OptionsValidationException>().Which.Message.Should()
            .Contain("SymOptions.SchedulerStallTimeout must be longer than SymOptions.SchedulerInterval (00:01:00); it is 00:00:30.");
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(60)]
    public void ValidateOnStart_JitterNegativeOrNotLessThanTheInterval_Fails(int jitterSeconds)
    {
        IServiceCollection services = Services();
        services.AddSym(o =>
        {
            o.SchedulerInterval = TimeSpan.FromMinutes(1);
            o.SchedulerJitter = TimeSpan.FromSeconds(jitterSeconds);
        });
        using ServiceProvider sp = services.BuildServiceProvider();
        Action act = () => sp.GetRequiredService<IStartupValidator>().Validate();
        act.Should().Throw<OptionsValidationException>().Which.Message.Should()
            .Contain("SymOptions.SchedulerJitter must be at least zero and less than SymOptions.SchedulerInterval (00:01:00)");
    }

    [Fact]
    public void Bind_SectionPath_IsUsedInMessages()
    {
        IConfiguration config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Access:Prod:RequiredApprovals"] = "0",
        }).Build();
        IServiceCollection services = Services();
        services.AddSym().AddFlow<InjectedFlow>("prod", f => f.UseStrategy<InjectedStrategy>().Bind(config.GetSection("Access:Prod")));
        using ServiceProvider sp = services.BuildServiceProvider();
        Action act = () => sp.GetRequiredService<IStartupValidator>().Validate();
        act.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain("Access:Prod:RequiredApprovals must be between 1 and 100");
    }
}
