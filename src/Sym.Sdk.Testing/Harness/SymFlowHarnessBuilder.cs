using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Sym.Sdk.Flows;
using Sym.Sdk.Runtime;
using Sym.Sdk.Strategies;
using Sym.Sdk.Testing.Aws;
using Sym.Sdk.Testing.Faults;
using Sym.Sdk.Testing.Harness.Internal;
using Sym.Sdk.Testing.Secrets;

namespace Sym.Sdk.Testing;

/// <summary>
/// Sets up a <see cref="SymFlowHarness"/>: register your flows exactly as your host does
/// (<c>builder.Services.AddSym().AddFlow&lt;…&gt;(…)</c>, or <see cref="AddFlow{TFlow, TStrategy}"/>), add your own
/// services, plug in fakes with <see cref="Use"/>, then <see cref="Build"/>. Get one from
/// <see cref="SymFlowHarness.CreateBuilder"/>.
/// </summary>
public sealed class SymFlowHarnessBuilder
{
    /// <summary>The default start of the virtual clock: Monday 5 January 2026, 09:00 UTC.</summary>
    public static readonly DateTimeOffset DefaultStart = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    private readonly List<ISymFake> _fakes = [];
    private readonly Dictionary<string, InMemorySecretProvider> _secretProviders = new(StringComparer.OrdinalIgnoreCase);
    private readonly ISymStore? _store;
    private bool _built;

    internal SymFlowHarnessBuilder(DateTimeOffset? start)
    {
        Time = new FakeTimeProvider(start ?? DefaultStart);
    }

    /// <summary>A builder on a clock and a store that outlive the harness (the crash tester's "processes" share them).</summary>
    internal SymFlowHarnessBuilder(FakeTimeProvider time, ISymStore store)
    {
        Time = time;
        _store = store;
    }

    /// <summary>
    /// The services the harness is built from. Register your flows, strategies and their dependencies here; the harness
    /// adds the engine, the virtual clock, the in-memory store and a recording notifier, and your classes receive the
    /// fakes through their constructors.
    /// </summary>
    public IServiceCollection Services { get; } = new ServiceCollection();

    /// <summary>
    /// The virtual clock. The harness registers it as the <see cref="TimeProvider"/> (through a thin wrapper that lets
    /// each story step drive the clock while it waits on its own timers, see <see cref="MaxClockAdvancePerStep"/>), so
    /// your strategy simply takes a <see cref="TimeProvider"/>. Give it to fakes that need a clock (for example
    /// <c>new FakeAws(builder.Time)</c>).
    /// </summary>
    public FakeTimeProvider Time { get; }

    /// <summary>
    /// How far one story step (a request, an approval, a revoke, the timers <see cref="SymFlowHarness.AdvanceAsync"/>
    /// fires, …) may move the virtual clock while it waits on timers it set, for example a strategy polling a vendor
    /// until a change is done. Past it the step is cancelled and fails with a <see cref="SymHarnessException"/> instead
    /// of hanging. The default value is one day.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive.</exception>
    public TimeSpan MaxClockAdvancePerStep
    {
        get;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(value, TimeSpan.Zero);
            field = value;
        }
    } = TimeSpan.FromDays(1);

    /// <summary>The fakes added with <see cref="Use"/>, in order.</summary>
    public IReadOnlyList<ISymFake> Fakes => _fakes;

    /// <summary>
    /// The seed of the engine's retry jitter (<see cref="SymOptions.JitterSeed"/>) when the services do not set one, so
    /// retry times, and with them transcripts, are the same on every run. The default value is 0.
    /// </summary>
    public int Seed { get; set; }

    /// <summary>
    /// Fault injection for the engine's notifier: operations <c>notify.announce</c>, <c>notify.update</c>,
    /// <c>notify.requester</c> and <c>notify.error</c>. An injected fault is a transient failure: the message is delivered
    /// again after the notification backoff (a <see cref="SymException"/> fault with <see cref="SymException.IsPermanent"/>
    /// set is a failure that is not retried; a failed announcement moves the request to its next destination).
    /// </summary>
    public FaultInjector NotifierFaults { get; } = new();

    /// <summary>Plugs in a fake: it registers itself in place of the real client when the harness is built, and its operations and faults appear in the timeline.</summary>
    /// <param name="fake">The fake, for example a <see cref="Http.FakeHttpHandler"/> or <see cref="Slack.FakeSlack"/>.</param>
    /// <returns>This builder.</returns>
    public SymFlowHarnessBuilder Use(ISymFake fake)
    {
        ArgumentNullException.ThrowIfNull(fake);
        if (!_fakes.Contains(fake))
        {
            _fakes.Add(fake);
        }

        return this;
    }

    /// <summary>Adds or changes services.</summary>
    /// <param name="configure">Changes the services.</param>
    /// <returns>This builder.</returns>
    public SymFlowHarnessBuilder ConfigureServices(Action<IServiceCollection> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        configure(Services);
        return this;
    }

    /// <summary>
    /// Registers an approval-only flow (no strategy, as Sym's <c>approvals</c> example), as
    /// <c>Services.AddSym().AddFlow&lt;TFlow&gt;(name, f =&gt; f.ApprovalOnly().Configure(configure))</c> would: its requests
    /// take no duration, and approving one ends the run <see cref="SymRunState.Approved"/>.
    /// </summary>
    /// <typeparam name="TFlow">The flow implementation.</typeparam>
    /// <param name="name">The flow's name, for example <c>approvals</c>.</param>
    /// <param name="configure">The flow's definition, or <see langword="null"/>.</param>
    /// <returns>This builder.</returns>
    public SymFlowHarnessBuilder AddFlow<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TFlow>(
        string name, Action<FlowOptions>? configure = null)
        where TFlow : FlowImplementation
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Services.AddSym().AddFlow<TFlow>(name, flow =>
        {
            flow.ApprovalOnly();
            if (configure is not null)
            {
                flow.Configure(configure);
            }
        });
        return this;
    }

    /// <summary>
    /// Registers a flow with its strategy, as <c>Services.AddSym().AddFlow&lt;TFlow&gt;(name, f =&gt;
    /// f.UseStrategy&lt;TStrategy&gt;().Configure(configure))</c> would.
    /// </summary>
    /// <typeparam name="TFlow">The flow implementation.</typeparam>
    /// <typeparam name="TStrategy">The strategy.</typeparam>
    /// <param name="name">The flow's name, for example <c>custom_access</c>.</param>
    /// <param name="configure">The flow's definition, or <see langword="null"/>.</param>
    /// <returns>This builder.</returns>
    public SymFlowHarnessBuilder AddFlow<
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TFlow,
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TStrategy>(string name, Action<FlowOptions>? configure = null)
        where TFlow : FlowImplementation
        where TStrategy : AccessStrategy
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Services.AddSym().AddFlow<TFlow>(name, flow =>
        {
            flow.UseStrategy<TStrategy>();
            if (configure is not null)
            {
                flow.Configure(configure);
            }
        });
        return this;
    }

    /// <summary>
    /// Adds an environment with its integrations, as <c>Services.AddSym().AddEnvironment(name, configure)</c> would; flows
    /// in it set <see cref="FlowOptions.Environment"/>.
    /// </summary>
    /// <param name="name">The environment's name, for example <c>sandbox</c> or <c>prod</c>.</param>
    /// <param name="configure">Adds its integrations.</param>
    /// <returns>This builder.</returns>
    public SymFlowHarnessBuilder AddEnvironment(string name, Action<EnvironmentOptions> configure)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configure);
        Services.AddSym().AddEnvironment(name, configure);
        return this;
    }

    /// <summary>
    /// Gives a secret a value for the test: secrets whose reference names <paramref name="provider"/> are read from memory
    /// instead of that provider's store (the provider of that name is replaced; its other secrets are then missing, with
    /// <c>Secret:NOT_FOUND</c>). Configuration written for production (<c>{ "Provider": "env", "Path": "GITHUB_TOKEN" }</c>)
    /// thus runs unchanged.
    /// </summary>
    /// <param name="provider">The provider's name, for example <c>env</c>.</param>
    /// <param name="path">The secret's path, for example <c>GITHUB_TOKEN</c>.</param>
    /// <param name="value">The value.</param>
    /// <returns>This builder.</returns>
    public SymFlowHarnessBuilder SetSecret(string provider, string path, string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(provider);
        SecretProvider(provider).Set(path, value);
        return this;
    }

    /// <summary>The in-memory provider standing in for <paramref name="provider"/> (made on first use), to rotate or remove values or count reads.</summary>
    /// <param name="provider">The provider's name, for example <c>env</c>.</param>
    /// <returns>The provider.</returns>
    public InMemorySecretProvider SecretProvider(string provider)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(provider);
        if (!_secretProviders.TryGetValue(provider, out InMemorySecretProvider? found))
        {
            found = new InMemorySecretProvider(provider);
            _secretProviders[provider] = found;
            Services.AddSym().UseSecretProvider(found);
        }

        return found;
    }

    /// <summary>
    /// Builds the harness: registers the fakes, the virtual clock, the harness's in-memory store and recording notifier
    /// (around the notifier the services registered, <see cref="InMemoryNotifier"/> by default), builds the service
    /// provider and the engine (which validates every flow).
    /// </summary>
    /// <returns>The harness.</returns>
    /// <exception cref="SymHarnessException">The builder was already built, no flow is registered, or a fake runs on another clock.</exception>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">A flow's definition is invalid; the message names each offending setting.</exception>
    /// <exception cref="SymException">Code <c>SymSDK:INVALID_FLOW</c>: a flow's strategy cannot be resolved, or its definition cannot be compiled.</exception>
    public SymFlowHarness Build()
    {
        if (_built)
        {
            throw new SymHarnessException("This SymFlowHarnessBuilder was already built; create a new one with SymFlowHarness.CreateBuilder().");
        }

        _built = true;
        Services.AddSym();

        // Flows and strategies may take ILogger<T>, as they would in a host; without logging of the test's own, they log nowhere.
        Services.TryAddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        Services.TryAdd(ServiceDescriptor.Singleton(typeof(ILogger<>), typeof(NullLogger<>)));
        foreach (ISymFake fake in _fakes)
        {
            if (fake is FakeAws aws && !ReferenceEquals(aws.TimeProvider, Time))
            {
                throw new SymHarnessException("The FakeAws runs on another clock than the harness. Create it with the harness's clock: new FakeAws(builder.Time).");
            }

            fake.AddTo(Services);
        }

        var recorder = new HarnessRecorder(Time);
        var store = new HarnessStore(recorder, _store);
        var clock = new HarnessClock(Time);
        Services.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock));
        Services.Replace(ServiceDescriptor.Singleton<ISymStore>(store));
        Services.Replace(ServiceDescriptor.Singleton<ISymRunStore>(store));
        Services.Replace(ServiceDescriptor.Singleton<ISymAuditLog>(store));
        Services.Replace(ServiceDescriptor.Singleton<ISymTimerStore>(store));
        Services.Replace(ServiceDescriptor.Singleton<ISymIdentityStore>(store));
        Services.Replace(ServiceDescriptor.Singleton<ISymOutbox>(store));
        Services.Replace(ServiceDescriptor.Singleton<ISymInbox>(store));
        ServiceDescriptor? notifier = null;
        foreach (ServiceDescriptor d in Services)
        {
            if (d.ServiceType == typeof(ISymNotifier) && !d.IsKeyedService)
            {
                notifier = d;
            }
        }

        FaultInjector notifierFaults = NotifierFaults;
        Services.RemoveAll<ISymNotifier>();
        Services.AddSingleton<ISymNotifier>(sp => new RecordingNotifier(CreateInner(sp, notifier), recorder, notifierFaults));
        int seed = Seed;
        Services.PostConfigure<SymOptions>(o => o.JitterSeed ??= seed);

        ServiceProvider provider = Services.BuildServiceProvider();
        try
        {
            return new SymFlowHarness(provider, clock, MaxClockAdvancePerStep, store, recorder, [.. _fakes], NotifierFaults);
        }
        catch
        {
            provider.Dispose();
            throw;
        }
    }

    private static ISymNotifier CreateInner(IServiceProvider sp, ServiceDescriptor? descriptor) => descriptor switch
    {
        null => new InMemoryNotifier(),

        // The engine's own default keeps nothing: the harness records into an InMemoryNotifier instead.
        { ImplementationType: { } type } when type.Assembly == typeof(ISymNotifier).Assembly => new InMemoryNotifier(),
        { ImplementationInstance: ISymNotifier instance } => instance,
        { ImplementationFactory: { } factory } => (ISymNotifier)factory(sp),
        { ImplementationType: { } type } => (ISymNotifier)ActivatorUtilities.CreateInstance(sp, type),
        _ => new InMemoryNotifier(),
    };
}
