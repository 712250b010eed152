using Microsoft.Extensions.DependencyInjection;
using Sym.Sdk.Integrations.Aws.Iam;
using Sym.Sdk.Integrations.Okta;
using Sym.Sdk.Integrations.Slack;
using Sym.Sdk.Runtime;
using Sym.Sdk.Testing.Aws;
using Sym.Sdk.Testing.Okta;
using Sym.Sdk.Testing.Slack;
using static Sym.Sdk.Testing.Tests.Harness.People;

namespace Sym.Sdk.Testing.Tests.Harness;

public class SymFlowHarnessBuilderTests
{
    [Fact]
    public async Task Use_EveryBuiltInFake_ReplacesTheRealClientAndIsWatched()
    {
        SymFlowHarnessBuilder builder = SymFlowHarness.CreateBuilder().AddFlow<GrantFlow, GrantStrategy>(GrantFlow.Name, GrantFlow.Configure);
        var slack = new FakeSlack(builder.Time);
        var okta = new FakeOkta();
        var aws = new FakeAws(builder.Time);
        builder.Services.AddSymSlack(o => o.BotToken = "xoxb-test");
        builder.Use(slack).Use(okta).Use(aws).Use(GrantsApi());
        FakeSlackChannel channel = slack.AddChannel("access");
        okta.Faults.FailNext(1);

        await using SymFlowHarness harness = builder.Build();
        await harness.Services.GetRequiredService<ISlackClient>().PostMessageAsync(channel.Id, new SlackMessage("hello"));
        Func<Task> oktaCall = () => harness.Services.GetRequiredService<IOktaClient>().GetUserAsync("nobody");

        harness.Services.GetRequiredService<ISlackClient>().Should().BeSameAs(slack);
        harness.Services.GetRequiredService<IOktaClient>().Should().BeSameAs(okta);
        harness.Services.GetRequiredService<IIamClient>().Should().BeSameAs(aws.Iam);
        TimeProvider clock = harness.Services.GetRequiredService<TimeProvider>();
        harness.Time.Advance(TimeSpan.FromMinutes(7));
        clock.GetUtcNow().Should().Be(harness.Time.GetUtcNow(), "the registered TimeProvider is the harness's virtual clock");
        clock.GetTimestamp().Should().Be(harness.Time.GetTimestamp());
        harness.Fakes.Should().HaveCount(4);
        await oktaCall.Should().ThrowAsync<Sym.Sdk.Testing.Faults.InjectedFaultException>();
        harness.Timeline.Select(e => (e.Kind, e.Text)).Should().Contain((TimelineEntryKind.FakeCall, "slack: chat.postMessage"));
        harness.FiredFaults.Should().ContainSingle().Which.Text.Should().StartWith("okta: okta.GetUser -> injected fault");
    }

    [Fact]
    public void Build_FakeAwsOnAnotherClock_ThrowsSayingHowToFixIt()
    {
        SymFlowHarnessBuilder builder = SymFlowHarness.CreateBuilder().AddFlow<GrantFlow, GrantStrategy>(GrantFlow.Name, GrantFlow.Configure);
        builder.Use(new FakeAws());

        Action act = () => builder.Build();

        act.Should().Throw<SymHarnessException>().WithMessage("*new FakeAws(builder.Time)*");
    }

    [Fact]
    public void Build_Twice_Throws()
    {
        SymFlowHarnessBuilder builder = SymFlowHarness.CreateBuilder().AddFlow<GrantFlow, GrantStrategy>(GrantFlow.Name, GrantFlow.Configure).Use(GrantsApi());
        using SymFlowHarness harness = builder.Build();

        Action again = () => builder.Build();

        again.Should().Throw<SymHarnessException>().WithMessage("*already built*");
    }

    [Fact]
    public void Build_NoFlow_Throws()
    {
        Action act = () => SymFlowHarness.CreateBuilder().Build();

        act.Should().Throw<SymHarnessException>().WithMessage("No flow is registered*");
    }

    [Fact]
    public void Build_InvalidFlowDefinition_ThrowsTheEnginesError()
    {
        Action act = () => SymFlowHarness.Create<GrantFlow, GrantStrategy>(GrantFlow.Name, o => o.Targets.Add(new Flows.AccessTargetOptions()));

        act.Should().Throw<Microsoft.Extensions.Options.OptionsValidationException>().WithMessage("*Targets:0:Name is required*");
    }

    [Fact]
    public async Task RequestAsync_SeveralFlowsAndNoFlowNamed_ThrowsAskingForOne()
    {
        SymFlowHarnessBuilder builder = SymFlowHarness.CreateBuilder()
            .AddFlow<GrantFlow, GrantStrategy>(GrantFlow.Name, GrantFlow.Configure)
            .AddFlow<GrantFlow, GrantStrategy>("other", GrantFlow.Configure)
            .Use(GrantsApi())
            .ConfigureServices(s => s.AddHttpClient("grants", c => c.BaseAddress = new Uri("https://grants.example.com")));
        await using SymFlowHarness harness = builder.Build();

        Func<Task> unnamed = () => harness.RequestAsync(Alice, target: "prod", duration: TimeSpan.FromHours(1), reason: "r");
        HarnessRun named = await harness.RequestAsync(Alice, target: "prod", duration: TimeSpan.FromHours(1), reason: "r", flow: "other");

        await unnamed.Should().ThrowAsync<SymHarnessException>().WithMessage("Several flows are registered (grants, other)*");
        named.Current.Flow.Should().Be("other");
    }

    [Fact]
    public void CreateBuilder_Start_SetsTheVirtualClock()
    {
        var start = new DateTimeOffset(2030, 6, 1, 0, 0, 0, TimeSpan.Zero);

        SymFlowHarnessBuilder builder = SymFlowHarness.CreateBuilder(start);

        builder.Time.GetUtcNow().Should().Be(start);
        SymFlowHarness.CreateBuilder().Time.GetUtcNow().Should().Be(SymFlowHarnessBuilder.DefaultStart);
    }

    [Fact]
    public async Task Build_NoJitterSeedSet_UsesTheBuildersSeed()
    {
        await using SymFlowHarness harness = NewHarness(GrantsApi(), b => b.Seed = 99);

        harness.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SymOptions>>().Value.JitterSeed.Should().Be(99);
    }

    [Fact]
    public async Task Build_JitterSeedSetByTheServices_KeepsIt()
    {
        await using SymFlowHarness harness = NewHarness(GrantsApi(), b => b.Services.AddSym(o => o.JitterSeed = 5));

        harness.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SymOptions>>().Value.JitterSeed.Should().Be(5);
    }

    [Fact]
    public async Task Services_YourOwnDependency_ReachesYourClassesThroughDI()
    {
        var marker = new Marker();
        await using SymFlowHarness harness = SymFlowHarness.Create<GrantFlow, MarkerStrategy>(GrantFlow.Name, GrantFlow.Configure,
            b => b.Services.AddSingleton(marker));
        HarnessRun run = await harness.RequestAsync(Alice, target: "prod", duration: TimeSpan.FromHours(1), reason: "r");

        await run.ApproveAsync(Bob);

        marker.Escalated.Should().Equal("prod");
    }

    [Fact]
    public void Use_Null_Throws()
    {
        Action act = () => SymFlowHarness.CreateBuilder().Use(null!);

        act.Should().Throw<ArgumentNullException>();
    }

    public sealed class Marker
    {
        public List<string> Escalated { get; } = [];
    }

    public sealed class MarkerStrategy(Marker marker) : Sym.Sdk.Strategies.AccessStrategy
    {
        public override ValueTask<string?> FetchRemoteIdentityAsync(User user, CancellationToken cancellationToken = default) => new(user.Email);

        public override ValueTask<Sym.Sdk.Strategies.StrategyOutput?> EscalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default)
        {
            marker.Escalated.Add(targetId);
            return default;
        }

        public override ValueTask<Sym.Sdk.Strategies.StrategyOutput?> DeescalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default) => default;
    }
}
