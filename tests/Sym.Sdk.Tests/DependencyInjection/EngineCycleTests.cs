using Microsoft.Extensions.DependencyInjection;
using Sym.Sdk.Flows;
using Sym.Sdk.Runtime;
using Sym.Sdk.Strategies;
using Sym.Sdk.Templates;

namespace Sym.Sdk.Tests.DependencyInjection;

public sealed class EngineCycleTests
{
    public sealed class FlowNeedingEngine(SymEngine engine) : FlowImplementation
    {
        public SymEngine Engine { get; } = engine;
    }

    public sealed class StrategyNeedingEngine(SymEngine engine) : AccessStrategy
    {
        public SymEngine Engine { get; } = engine;

        public override ValueTask<string?> FetchRemoteIdentityAsync(User user, CancellationToken cancellationToken = default) => new(user.Email);

        public override ValueTask<StrategyOutput?> EscalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default) => default;

        public override ValueTask<StrategyOutput?> DeescalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default) => default;
    }

    public sealed class PlainStrategy : AccessStrategy
    {
        public override ValueTask<string?> FetchRemoteIdentityAsync(User user, CancellationToken cancellationToken = default) => new(user.Email);

        public override ValueTask<StrategyOutput?> EscalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default) => default;

        public override ValueTask<StrategyOutput?> DeescalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default) => default;
    }

    /// <summary>A service of the user's that needs the engine: a flow taking it closes the cycle one step further away.</summary>
    public sealed class EventCounter(SymEngine engine)
    {
        public SymEngine Engine { get; } = engine;
    }

    public sealed class FlowNeedingACounter(EventCounter counter) : FlowImplementation
    {
        public EventCounter Counter { get; } = counter;
    }

    public sealed class FlowWithAccessor(ISymEngineAccessor sym) : FlowImplementation
    {
        public ISymEngineAccessor Sym { get; } = sym;
    }

    public sealed class FlowReadingTheEngineInItsConstructor(ISymEngineAccessor sym) : FlowImplementation
    {
        public SymEngine Engine { get; } = sym.Engine;
    }

    /// <summary>The README's example ("Asking the engine from a flow"), kept compiling here.</summary>
    public sealed class RateLimitedFlow(ISymEngineAccessor sym) : FlowImplementation
    {
        public override async ValueTask<TemplateStep?> OnRequestAsync(Event evt, CancellationToken cancellationToken = default)
        {
            int today = await sym.Engine.GetEventCountAsync(evt.Payload.User, ApprovalTemplateStep.Request,
                since: evt.Payload.Timestamp.AddDays(-1), cancellationToken: cancellationToken);
            return today > 5 ? ApprovalTemplate.Deny("More than five requests today.") : null;
        }
    }

    public static TheoryData<string, Action<SymBuilder>, string> Cycles => new()
    {
        { "flow", b => b.AddFlow<FlowNeedingEngine>("cyclic", f => f.UseStrategy<PlainStrategy>()), "flow 'cyclic''s implementation" },
        { "strategy", b => b.AddFlow<FlowWithAccessor>("cyclic", f => f.UseStrategy<StrategyNeedingEngine>()), "flow 'cyclic''s strategy" },
        { "service", b => b.AddFlow<FlowNeedingACounter>("cyclic", f => f.UseStrategy<PlainStrategy>()), "flow 'cyclic''s implementation" },
        { "accessor read too early", b => b.AddFlow<FlowReadingTheEngineInItsConstructor>("cyclic", f => f.UseStrategy<PlainStrategy>()), "flow 'cyclic''s implementation" },
    };

    [Theory]
    [MemberData(nameof(Cycles))]
    public async Task Resolve_EngineNeededToBuildItsOwnFlows_FailsFastNamingTheFlowAndTheWayOut(string kind, Action<SymBuilder> add, string names)
    {
        var services = new ServiceCollection();
        services.AddSingleton<EventCounter>();
        add(services.AddSym());
        await using ServiceProvider sp = services.BuildServiceProvider();

        // Before the guard this waited forever at 0% CPU; the bound is only so a regression fails instead of hanging CI.
        Task<SymEngine> resolve = Task.Run(() => sp.GetRequiredService<SymEngine>());
        Task done = await Task.WhenAny(resolve, Task.Delay(TimeSpan.FromSeconds(30), TimeProvider.System, CancellationToken.None));

        done.Should().BeSameAs(resolve, $"resolving an engine with a {kind} cycle must fail, not hang");
        SymException error = FindSymException(resolve.Exception).Should().NotBeNull().And.BeOfType<SymException>().Subject;
        error.ErrorCode.Should().Be(SymErrorCodes.EngineDependencyCycle);
        error.Message.Should().Contain(names).And.Contain("takes SymEngine");
        error.Hint.Should().Contain("ISymEngineAccessor");
    }

    [Fact]
    public async Task Accessor_ReadWhenAHookRuns_IsTheEngineThatBuiltTheFlow()
    {
        var services = new ServiceCollection();
        services.AddSym().AddFlow<FlowWithAccessor>("counted", f => f.UseStrategy<PlainStrategy>())
            .AddFlow<RateLimitedFlow>("rate_limited", f => f.UseStrategy<PlainStrategy>());
        await using ServiceProvider sp = services.BuildServiceProvider();

        SymEngine engine = sp.GetRequiredService<SymEngine>();
        FlowWithAccessor flow = sp.GetRequiredService<FlowWithAccessor>();

        flow.Sym.Engine.Should().BeSameAs(engine);
        engine.Flows.Should().Contain("rate_limited", "the README's flow, which takes the accessor, builds");
        (await flow.Sym.Engine.GetEventCountAsync(new User { Email = "alice@example.com", Username = "alice" }, ApprovalTemplateStep.Request)).Should().Be(0);
    }

    [Fact]
    public void Resolve_NoCycle_LeavesNoGuardBehind()
    {
        var services = new ServiceCollection();
        services.AddSym().AddFlow<FlowWithAccessor>("fine", f => f.UseStrategy<PlainStrategy>());
        using ServiceProvider first = services.BuildServiceProvider();
        using ServiceProvider second = services.BuildServiceProvider();

        first.GetRequiredService<SymEngine>().Should().NotBeNull();
        second.GetRequiredService<SymEngine>().Should().NotBeSameAs(first.GetRequiredService<SymEngine>(), "a second container on the same thread builds its own engine");
    }

    private static SymException? FindSymException(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is SymException sym)
            {
                return sym;
            }

            if (e is AggregateException { InnerExceptions.Count: 1 } one)
            {
                return FindSymException(one.InnerExceptions[0]);
            }
        }

        return null;
    }
}
