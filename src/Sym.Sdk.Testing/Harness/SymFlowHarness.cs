using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sym.Sdk.DependencyInjection.Internal;
using Sym.Sdk.Flows;
using Sym.Sdk.Runtime;
using Sym.Sdk.Strategies;
using Sym.Sdk.Testing.Faults;
using Sym.Sdk.Testing.Harness.Internal;

namespace Sym.Sdk.Testing;

/// <summary>
/// Runs your flow implementation and access strategy on the real <see cref="SymEngine"/>, offline: an in-memory store, a
/// virtual clock (<see cref="FakeTimeProvider"/>), a recording notifier and the fakes you plug in, all through dependency
/// injection so your classes get the fakes in their constructors. A test reads like the flow: request → approve →
/// advance the clock → assert; then inspect the run's state and timeline, the strategy calls, the messages per
/// destination, the errors, or the whole transcript.
/// </summary>
/// <remarks>
/// <para>Time moves only when the story moves it (<see cref="AdvanceAsync"/>): timers fire at their due time, through the
/// engine's own <see cref="SymEngine.ProcessDueTimersAsync"/> (what <see cref="SymScheduler"/> calls every tick), so
/// timestamps in the transcript are exact. Run ids are random; the harness names runs <c>run-1</c>, <c>run-2</c>, … in
/// the order they were created, so transcripts are the same on every run.</para>
/// <para>Not a test-framework dependency: failed harness assertions throw <see cref="SymHarnessException"/>, which xunit,
/// NUnit and MSTest all report as failures.</para>
/// </remarks>
/// <example>
/// <code>
/// await using var harness = SymFlowHarness.Create&lt;MyFlow, MyStrategy&gt;("my_flow", flow =&gt; flow.AllowedDurations.Add("1h"));
/// HarnessRun run = await harness.RequestAsync(alice, target: "prod", duration: TimeSpan.FromHours(1), reason: "incident 42");
/// await run.ApproveAsync(bob);
/// await harness.AdvanceAsync(TimeSpan.FromHours(1));
/// run.AssertState(SymRunState.Ended);
/// </code>
/// </example>
public sealed class SymFlowHarness : IDisposable, IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly HarnessStore _store;
    private readonly HarnessRecorder _recorder;
    private readonly FlowRegistry _registry;
    private readonly RecordingNotifier _notifier;
    private readonly ISymFake[] _fakes;
    private readonly HarnessClock _clock;

    internal SymFlowHarness(ServiceProvider provider, HarnessClock clock, TimeSpan maxClockAdvancePerStep, HarnessStore store, HarnessRecorder recorder, ISymFake[] fakes, FaultInjector notifierFaults)
    {
        FakeTimeProvider time = clock.Inner;
        _clock = clock;
        MaxClockAdvancePerStep = maxClockAdvancePerStep;
        _provider = provider;
        _store = store;
        _recorder = recorder;
        _fakes = fakes;
        Time = time;
        NotifierFaults = notifierFaults;
        _registry = provider.GetRequiredService<FlowRegistry>();
        if (_registry.Flows.Count == 0)
        {
            throw new SymHarnessException("No flow is registered. Call builder.AddFlow<TFlow, TStrategy>(name, …) or builder.Services.AddSym().AddFlow<TFlow>(name, …).");
        }

        Engine = provider.GetRequiredService<SymEngine>();
        Engine.StrategyObserver = recorder;
        Engine.KeepJitterForRestart();
        _notifier = (RecordingNotifier)provider.GetRequiredService<ISymNotifier>();
        foreach (ISymFake fake in fakes)
        {
            string name = FakeName(fake);
            fake.Faults.Observer = (operation, call, fault) => recorder.OnFakeOperation(name, operation, call, fault);
            fake.Faults.MarkStart();
            (fake as IStoryScopedFake)?.MarkStart();
            if (fake is Slack.FakeSlack slack)
            {
                slack.MessagePosted = (message, destination, email) => recorder.OnHookMessage(message, destination, email, RecordingNotifier.Delivering);
            }
        }

        notifierFaults.MarkStart();

        // The notifier's messages are in the timeline already; only its faults are added.
        notifierFaults.Observer = (operation, call, fault) =>
        {
            if (fault is not null)
            {
                recorder.OnFakeOperation("notifier", operation, call, fault);
            }
        };
    }

    /// <summary>Creates a builder, to register flows and services and plug in fakes.</summary>
    /// <param name="start">When the virtual clock starts. The default value is <see cref="SymFlowHarnessBuilder.DefaultStart"/>.</param>
    /// <returns>The builder.</returns>
    public static SymFlowHarnessBuilder CreateBuilder(DateTimeOffset? start = null) => new(start);

    /// <summary>Creates a harness around one flow and its strategy.</summary>
    /// <typeparam name="TFlow">The flow implementation.</typeparam>
    /// <typeparam name="TStrategy">The strategy.</typeparam>
    /// <param name="flowName">The flow's name, for example <c>custom_access</c>.</param>
    /// <param name="configure">The flow's definition, or <see langword="null"/>.</param>
    /// <param name="setup">Adds services and fakes before the harness is built, or <see langword="null"/>.</param>
    /// <returns>The harness.</returns>
    public static SymFlowHarness Create<
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TFlow,
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TStrategy>(
        string flowName, Action<FlowOptions>? configure = null, Action<SymFlowHarnessBuilder>? setup = null)
        where TFlow : FlowImplementation
        where TStrategy : AccessStrategy
    {
        SymFlowHarnessBuilder builder = CreateBuilder().AddFlow<TFlow, TStrategy>(flowName, configure);
        setup?.Invoke(builder);
        return builder.Build();
    }

    /// <summary>The built services: resolve your own classes (and the fakes) from here.</summary>
    public IServiceProvider Services => _provider;

    /// <summary>The real engine the harness drives. Call it directly for anything the story methods do not cover.</summary>
    public SymEngine Engine { get; }

    /// <summary>The virtual clock. Prefer <see cref="AdvanceAsync"/>, which also fires due timers.</summary>
    public FakeTimeProvider Time { get; }

    /// <summary>
    /// How far a single story step may move the virtual clock while it waits on a timer before the harness gives up
    /// with a <see cref="SymHarnessException"/> (see <see cref="SymFlowHarnessBuilder.MaxClockAdvancePerStep"/>).
    /// </summary>
    public TimeSpan MaxClockAdvancePerStep { get; }

    /// <summary>The store holding runs, the audit log, identities and timers (a fresh one after <see cref="Reset"/>).</summary>
    public InMemorySymStore Store => _store.Memory
        ?? throw new SymHarnessException("This harness runs on a store it was given (a crash test's); read it through Engine or that store.");

    /// <summary>The notifier the engine's messages go to after the harness recorded them (<see cref="InMemoryNotifier"/> unless the services registered another).</summary>
    public ISymNotifier Notifier => _notifier.Inner;

    /// <summary>Fault injection for the engine's notifier (see <see cref="SymFlowHarnessBuilder.NotifierFaults"/>).</summary>
    public FaultInjector NotifierFaults { get; }

    /// <summary>The fakes plugged in, in order.</summary>
    public IReadOnlyList<ISymFake> Fakes => _fakes;

    /// <summary>When the story started (the virtual time at build or at the last <see cref="Reset"/>).</summary>
    public DateTimeOffset StartedAt => _recorder.Start;

    /// <summary>The virtual time since the story started.</summary>
    public TimeSpan Elapsed => _recorder.Elapsed;

    /// <summary>Everything that happened, in order.</summary>
    public IReadOnlyList<TimelineEntry> Timeline => _recorder.Timeline;

    /// <summary>Every strategy call, in order, each with its exact event and outcome.</summary>
    public IReadOnlyList<StrategyCall> StrategyCalls => _recorder.StrategyCalls;

    /// <summary>
    /// Every message the flow sent, in order: the engine's (announcements, request updates, DMs, ignored-action replies,
    /// errors) and, with a <see cref="Slack.FakeSlack"/> plugged in, those the flow's own code posted to Slack
    /// (<see cref="SymNotificationKind.HookMessage"/>, <see cref="SymNotificationRecord.Origin"/> <see cref="SymMessageOrigin.Hook"/>).
    /// The engine's messages delivered through Slack (<c>UseSlackNotifier</c>) appear once, as the engine's.
    /// </summary>
    public IReadOnlyList<SymNotificationRecord> Messages => _recorder.Messages;

    /// <summary>The errors reported to error channels, in order.</summary>
    public IReadOnlyList<SymErrorReport> Errors => [.. _recorder.Messages.Where(static m => m.Error is not null).Select(static m => m.Error!)];

    /// <summary>The faults every plugged-in fake and the notifier injected, in timeline order.</summary>
    public IReadOnlyList<TimelineEntry> FiredFaults => [.. Timeline.Where(static e => e.Kind == TimelineEntryKind.Fault)];

    /// <summary>The runs created so far, in order.</summary>
    public IReadOnlyList<HarnessRun> Runs => [.. _recorder.RunIds.Select(id => new HarnessRun(this, id))];

    /// <summary>
    /// The messages sent to one destination: a request channel (<c>#sym-requests</c> or <c>sym-requests</c>), a Slack id,
    /// an error channel, or a person (username or email) for DMs and ignored-action replies.
    /// </summary>
    /// <param name="destination">The destination.</param>
    /// <returns>The messages, in order.</returns>
    public IReadOnlyList<SymNotificationRecord> MessagesTo(string destination)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(destination);
        string channel = destination.StartsWith('#') ? destination : "#" + destination;
        return [.. Messages.Where(m =>
            (m.Destination is not null && (Transcripts.Destination(m.Destination) == destination || Transcripts.Destination(m.Destination) == channel))
            || (m.Channel is not null && (m.Channel == destination || m.Channel == channel))
            || (m.Recipient is not null && (string.Equals(m.Recipient.Username, destination, StringComparison.OrdinalIgnoreCase)
                || string.Equals(m.Recipient.Email, destination, StringComparison.OrdinalIgnoreCase))))];
    }

    /// <summary>The messages sent to a person: DMs and ignored-action replies.</summary>
    /// <param name="user">The person.</param>
    /// <returns>The messages, in order.</returns>
    public IReadOnlyList<SymNotificationRecord> MessagesTo(User user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return [.. Messages.Where(m => m.Recipient == user)];
    }

    /// <summary>A run by its id or its harness name (<c>run-1</c>).</summary>
    /// <param name="idOrName">The id or name.</param>
    /// <returns>The run.</returns>
    /// <exception cref="SymHarnessException">No such run.</exception>
    public HarnessRun GetRun(string idOrName)
    {
        ArgumentException.ThrowIfNullOrEmpty(idOrName);
        string id = _recorder.IdOf(idOrName)
            ?? throw new SymHarnessException($"No run '{idOrName}' was created in this harness. Runs: {string.Join(", ", Runs.Select(static r => r.Name))}.");
        return new HarnessRun(this, id);
    }

    /// <summary>
    /// Requests access, as <paramref name="requester"/> would from Slack or the API, and returns the new run.
    /// </summary>
    /// <param name="requester">Who asks.</param>
    /// <param name="target">The target's name, when the flow has targets.</param>
    /// <param name="duration">How long; else the flow's <c>duration</c> field or default.</param>
    /// <param name="reason">Why; the <c>reason</c> field.</param>
    /// <param name="fields">Other prompt fields by name: strings, bools, ints, longs, <see cref="TimeSpan"/>s, lists, or JSON values.</param>
    /// <param name="flow">The flow's name; may be left out when one flow is registered.</param>
    /// <param name="context">
    /// What the requester attaches to the request (<see cref="AccessRequest.Context"/>, Sym's request context), as values by
    /// name of the same kinds as <paramref name="fields"/>; hooks read it with <c>evt.GetContext("request")</c>.
    /// </param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run.</returns>
    /// <exception cref="SymHarnessException">The request created no run (a hook ignored it, or it failed); the message says why. Use <see cref="SubmitAsync"/> to test that.</exception>
    /// <exception cref="SymRequestValidationException">The request is invalid for the flow; nothing was created.</exception>
    public async Task<HarnessRun> RequestAsync(User requester, string? target = null, TimeSpan? duration = null, string? reason = null,
        IReadOnlyDictionary<string, object?>? fields = null, string? flow = null, IReadOnlyDictionary<string, object?>? context = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requester);
        var request = new AccessRequest
        {
            Flow = flow ?? DefaultFlow(),
            Requester = requester,
            Target = target,
            Duration = duration,
            Reason = reason,
            Fields = FieldValues.ToJson(fields),
            Context = FieldValues.ToJsonObject(context),
        };
        SymActionResult result = await SubmitAsync(request, cancellationToken).ConfigureAwait(false);
        if (result.Run is null)
        {
            throw new SymHarnessException($"The request by {requester} created no run: {result.Status} ({result.Message}).{Recent(null)}");
        }

        return new HarnessRun(this, result.Run.Id);
    }

    /// <summary>Submits a request as is and returns the engine's result (whether or not a run was created).</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The engine's result.</returns>
    /// <exception cref="SymRequestValidationException">The request is invalid for the flow; nothing was created.</exception>
    public async Task<SymActionResult> SubmitAsync(AccessRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        TimelineEntry action = _recorder.OnAction(null, request.Requester.Username, DescribeRequest(request));
        try
        {
            SymActionResult result = await StepAsync(null, request.Requester.Username + " requests", async ct =>
            {
                SymActionResult submitted = await Engine.RequestAsync(request, ct).ConfigureAwait(false);
                _recorder.OnReply(request.Requester, submitted);
                return submitted;
            }, cancellationToken).ConfigureAwait(false);
            if (result.Run is { } created)
            {
                action.AssignRun(created.Id, _recorder.AliasOf(created.Id));
            }

            return result;
        }
        catch (SymRequestValidationException ex)
        {
            _recorder.OnAction(null, request.Requester.Username, "  rejected: " + ex.Message);
            throw;
        }
    }

    /// <summary>
    /// Moves the virtual clock forward, firing every timer at its due time on the way (request timeouts and expiry,
    /// scheduled deescalation, deescalate retries) through the engine's own timer processing.
    /// </summary>
    /// <param name="by">How far; zero fires what is due now.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many timers fired.</returns>
    public Task<int> AdvanceAsync(TimeSpan by, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        _recorder.OnAction(null, "clock", "time passes: " + Transcripts.Duration(by));
        return AdvanceCoreAsync(Time.GetUtcNow() + by, cancellationToken);
    }

    /// <summary>Moves the virtual clock to a moment, firing due timers on the way (see <see cref="AdvanceAsync"/>).</summary>
    /// <param name="moment">When; not before now.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many timers fired.</returns>
    public Task<int> AdvanceToAsync(DateTimeOffset moment, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(moment, Time.GetUtcNow());
        _recorder.OnAction(null, "clock", "time passes to " + Transcripts.Elapsed(moment - StartedAt));
        return AdvanceCoreAsync(moment, cancellationToken);
    }

    /// <summary>
    /// Starts the next story with a clean slate, as if on a harness just built the same way: forgets every run, timer,
    /// record and message, puts fault injection back as it was built, clears what the fakes recorded and puts the world
    /// the built-in fakes model back as it was at <see cref="SymFlowHarnessBuilder.Build"/>; keeps the services and the
    /// virtual time (the new story starts now). Cheaper than building a new harness when one test runs many stories.
    /// </summary>
    /// <remarks>
    /// <para>What is cleared or restarted:</para>
    /// <list type="bullet">
    /// <item><description>The store (runs, audit log, identities, timers), the timeline, strategy calls, messages, errors
    /// and <see cref="FiredFaults"/>; the engine's seeded retry jitter (<see cref="SymFlowHarnessBuilder.Seed"/>) starts
    /// over.</description></item>
    /// <item><description>Every <see cref="FaultInjector"/> (<see cref="NotifierFaults"/> and each fake's
    /// <see cref="ISymFake.Faults"/>): <see cref="FaultInjector.Calls"/> and <see cref="FaultInjector.Fired"/> start from
    /// nothing; rules armed before <see cref="SymFlowHarnessBuilder.Build"/> start over (a <c>FailNext</c> count is whole
    /// again, <c>FailCalls</c> numbers count from 1, a <c>FailRandomly</c> seed replays from its start, so the same story
    /// fires the same faults as on a fresh harness); rules armed after it — during a story — are dropped, fired or not.
    /// Arm a story's own faults at the start of that story.</description></item>
    /// <item><description>What the built-in fakes recorded: <see cref="Http.FakeHttpHandler.Requests"/> (and each route's
    /// hits, so its responses are served from the first again), <see cref="Slack.FakeSlack"/>'s messages, updates,
    /// ephemerals and views, <see cref="Okta.FakeOkta.Calls"/>, <see cref="Aws.FakeAws.LambdaInvocations"/>; and
    /// <see cref="Aws.FakeAws.FailNextAssignment"/> failures are put back as they were at build.</description></item>
    /// <item><description>The world the built-in fakes model, back to exactly what it was at
    /// <see cref="SymFlowHarnessBuilder.Build"/>: <see cref="Okta.FakeOkta"/>'s users, groups and memberships;
    /// <see cref="Aws.FakeAws"/>'s IAM users and groups, Identity Store users and groups, account assignments and pending
    /// assignment operations, Lambda functions and settings; <see cref="Slack.FakeSlack"/>'s users, channels and their
    /// members, user groups, expired trigger ids and open DMs; <see cref="Http.FakeHttpHandler"/>'s routes (with their
    /// responses) and <see cref="Http.FakeHttpHandler.UnmatchedStatus"/>. Like fault rules, what was seeded before the
    /// build is there again as it was, and what a story added or removed — an access it granted and did not revoke, a user,
    /// a route — is gone. Seed what every story shares before the build, and a story's own additions at its start. A fake
    /// the story did not change is not copied.</description></item>
    /// </list>
    /// <para>What stays: the services and your singletons, and the virtual clock. A fake of your own gets its
    /// <see cref="ISymFake.Faults"/> restarted, and takes part like the built-in fakes when it implements
    /// <see cref="IStoryScopedFake"/>; otherwise anything else it records or models is yours to put back.</para>
    /// </remarks>
    public void Reset()
    {
        _store.Reset();
        _recorder.Reset();
        if (_notifier.Inner is InMemoryNotifier inMemory)
        {
            inMemory.Clear();
        }

        Engine.RestartJitter();
        NotifierFaults.Restart();
        foreach (ISymFake fake in _fakes)
        {
            fake.Faults.Restart();
            (fake as IStoryScopedFake)?.Restart();
        }
    }

    /// <summary>
    /// Replays a recorded event through a flow's strategy, as the engine would: an <c>escalate</c> event calls
    /// <see cref="AccessStrategy.EscalateAsync"/> with exactly that event, a <c>deescalate</c> event
    /// <see cref="AccessStrategy.DeescalateAsync"/>. The call is recorded with the other strategy calls.
    /// </summary>
    /// <param name="evt">The event, for example from <see cref="FakeEvents.Load(string)"/>.</param>
    /// <param name="flow">The flow whose strategy to call; may be left out when one flow is registered.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>What the strategy returned.</returns>
    /// <exception cref="SymHarnessException">The event is neither escalate nor deescalate, or has no target id.</exception>
    public async Task<StrategyOutput?> ReplayAsync(Event evt, string? flow = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evt);
        AccessStrategy strategy = GetStrategy(flow ?? DefaultFlow());
        (bool escalate, string targetId) = SymReplay.Check(evt);
        _recorder.OnAction(null, evt.User.Username, $"replay {evt.Name} event {evt.Id}".TrimEnd());
        StrategyCall call = _recorder.OnStrategyCalling(null, evt.Name, targetId, evt);
        try
        {
            StrategyOutput? output = await StepAsync<StrategyOutput?>(null, escalate ? "escalating" : "deescalating",
                ct => (escalate ? strategy.EscalateAsync(targetId, evt, ct) : strategy.DeescalateAsync(targetId, evt, ct)).AsTask(), cancellationToken).ConfigureAwait(false);
            _recorder.OnStrategyReturned(call, output, null);
            return output;
        }
        catch (Exception ex)
        {
            _recorder.OnStrategyReturned(call, null, ex);
            throw;
        }
    }

    /// <summary>
    /// Replays a recorded timeline of one request through the whole flow: the <c>request</c> event becomes a request
    /// (requester, target, duration, reason and other fields from the event), <c>approve</c> and <c>deny</c> become
    /// decisions by the event's user, a <c>deescalate</c> of type <c>revoke</c> or <c>relinquish</c> becomes that action;
    /// the clock advances by the time between events, so scheduled steps (escalate, scheduled deescalate, expiry) happen
    /// on their own, as they did.
    /// </summary>
    /// <param name="events">The events, oldest first.</param>
    /// <param name="flow">The flow; may be left out when one flow is registered.</param>
    /// <param name="cancellationToken">Cancels the replay.</param>
    /// <returns>The run the replay created.</returns>
    /// <exception cref="SymHarnessException">The timeline does not start with a request, or holds an event the harness cannot replay.</exception>
    public async Task<HarnessRun> ReplayTimelineAsync(IEnumerable<Event> events, string? flow = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        flow ??= DefaultFlow();
        HarnessRun? run = null;
        DateTimeOffset? previous = null;
        foreach (Event evt in events)
        {
            if (previous is { } before && evt.Payload.Timestamp > before)
            {
                await AdvanceAsync(evt.Payload.Timestamp - before, cancellationToken).ConfigureAwait(false);
            }

            previous = evt.Payload.Timestamp > previous || previous is null ? evt.Payload.Timestamp : previous;
            run = await ReplayStepAsync(run, evt, flow, cancellationToken).ConfigureAwait(false);
        }

        return run ?? throw new SymHarnessException("The timeline holds no request event.");
    }

    /// <summary>The transcript: one deterministic, readable line per timeline entry — time since start, run, what happened.</summary>
    /// <returns>The transcript.</returns>
    public string GetTranscript() => Transcripts.Write(Timeline);

    /// <summary>Asserts that no error was reported to an error channel.</summary>
    /// <returns>This harness.</returns>
    /// <exception cref="SymHarnessException">Errors were reported; the message lists them.</exception>
    public SymFlowHarness AssertNoErrors()
    {
        IReadOnlyList<SymErrorReport> errors = Errors;
        if (errors.Count > 0)
        {
            var text = new StringBuilder("Expected no errors, but ").Append(errors.Count.ToString(CultureInfo.InvariantCulture)).Append(" were reported:");
            foreach (SymErrorReport e in errors)
            {
                text.Append("\n  ").Append(e.Error.Step).Append(' ').Append(e.Error.Code).Append(": ").Append(e.Error.Message);
            }

            throw new SymHarnessException(text.ToString());
        }

        return this;
    }

    /// <summary>Asserts that a message containing some text was sent to a destination (see <see cref="MessagesTo(string)"/>).</summary>
    /// <param name="destination">The destination.</param>
    /// <param name="containing">Text the message holds, or <see langword="null"/> for any message.</param>
    /// <returns>This harness.</returns>
    /// <exception cref="SymHarnessException">No such message; the message lists what was sent there.</exception>
    public SymFlowHarness AssertMessageTo(string destination, string? containing = null)
    {
        IReadOnlyList<SymNotificationRecord> sent = MessagesTo(destination);
        if (!sent.Any(m => containing is null || Transcripts.Describe(m).Contains(containing, StringComparison.Ordinal)))
        {
            string what = containing is null ? "a message" : $"a message containing \"{containing}\"";
            string got = sent.Count == 0 ? " Nothing was sent there." : " Sent there:\n  " + string.Join("\n  ", sent.Select(Transcripts.Describe));
            throw new SymHarnessException($"Expected {what} to {destination}.{got}");
        }

        return this;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Detach();
        _provider.Dispose();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Detach();
        await _provider.DisposeAsync().ConfigureAwait(false);
    }

    internal HarnessRecorder Recorder => _recorder;

    internal SymRun CurrentRun(string runId) =>
        _recorder.Latest(runId) ?? throw new SymHarnessException($"Run {runId} is not in this harness (was it reset?).");

    internal string Recent(string? runId, int count = 12)
    {
        List<TimelineEntry> entries = [.. Timeline.Where(e => runId is null || e.RunId == runId || e.RunId is null)];
        if (entries.Count == 0)
        {
            return string.Empty;
        }

        IEnumerable<TimelineEntry> last = entries.Skip(Math.Max(0, entries.Count - count));
        return "\nRecent timeline:\n" + Transcripts.Write(last).TrimEnd('\n');
    }

    /// <summary>
    /// Runs one story step and drives the virtual clock for it: while the step is still running and a timer it set
    /// (through the harness's <see cref="TimeProvider"/>) is pending, the clock moves exactly to the earliest such timer,
    /// which fires it; the step then goes on. Each move is recorded in the timeline. A step that would move the clock
    /// past <see cref="MaxClockAdvancePerStep"/> is cancelled and fails with a <see cref="SymHarnessException"/>.
    /// </summary>
    internal async Task<T> StepAsync<T>(string? runId, string doing, Func<CancellationToken, Task<T>> step, CancellationToken cancellationToken)
    {
        if (_clock.Current is not null)
        {
            return await step(cancellationToken).ConfigureAwait(false); // a step inside a step: the outer one drives
        }

        using var stepCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        HarnessClock.StepScope scope = _clock.Enter();
        DateTimeOffset began = Time.GetUtcNow();
        Task<T> running = RunAndDeliverAsync(step, stepCancellation.Token);
        Task? kicked = null;
        while (!running.IsCompleted)
        {
            (DateTimeOffset? next, Task changed) = scope.Poll();
            if (next is not null)
            {
                // Let work the step already queued (continuations on the thread pool or a test framework's context)
                // run before deciding that the step waits on the clock; then look again.
                await Task.Yield();
                if (running.IsCompleted)
                {
                    break;
                }

                (next, changed) = scope.Poll();
            }

            DateTimeOffset now = Time.GetUtcNow();
            if (next is not { } due || (due <= now && ReferenceEquals(changed, kicked)))
            {
                // Nothing of the step's is pending on the clock (or what is due now was fired and nothing new was set):
                // the step waits on something else, or is between timers. Wait until it ends or sets a timer.
                await Task.WhenAny(running, changed).ConfigureAwait(false);
                continue;
            }

            if (due - began > MaxClockAdvancePerStep)
            {
                await stepCancellation.CancelAsync().ConfigureAwait(false);
                _ = running.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                throw new SymHarnessException(
                    $"The step ({doing}) was still waiting on the virtual clock after {Transcripts.Duration(now - began)}: its next timer is due "
                    + $"{Transcripts.Duration(due - began)} after the step began, beyond the limit of {Transcripts.Duration(MaxClockAdvancePerStep)} per step, "
                    + $"so the step was cancelled. A strategy that waits on the clock forever never finishes; if this wait is expected, raise "
                    + $"SymFlowHarnessBuilder.MaxClockAdvancePerStep.{Recent(runId)}");
            }

            if (due > now)
            {
                string? active = _recorder.ActiveStrategyStep(out string? activeRun);
                _recorder.OnAction(activeRun ?? runId, "clock", $"clock +{Transcripts.Duration(due - now)} while {(active is null ? doing : Gerund(active))}");
                Time.SetUtcNow(due);
            }
            else
            {
                kicked = changed;
                Time.Advance(TimeSpan.Zero); // fires what is due now
            }
        }

        return await running.ConfigureAwait(false);
    }

    /// <summary>Runs a step, then delivers the notifications it committed (the engine's outbox), as a host's dispatcher would.</summary>
    private async Task<T> RunAndDeliverAsync<T>(Func<CancellationToken, Task<T>> step, CancellationToken cancellationToken)
    {
        T result = await step(cancellationToken).ConfigureAwait(false);
        await Engine.DeliverDueMessagesAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }

    private static string Gerund(string step) =>
        step.EndsWith('e') ? step[..^1] + "ing" : step + "ing";

    private async Task<int> AdvanceCoreAsync(DateTimeOffset until, CancellationToken cancellationToken)
    {
        int fired = 0;
        while (await _store.NextTimerAtAsync(cancellationToken).ConfigureAwait(false) is { } next && next <= until)
        {
            if (next > Time.GetUtcNow())
            {
                Time.SetUtcNow(next);
            }

            int now = await StepAsync(null, "timers fire", Engine.ProcessDueTimersAsync, cancellationToken).ConfigureAwait(false);
            fired += now;
            if (now == 0 && await _store.NextTimerAtAsync(cancellationToken).ConfigureAwait(false) is { } again && again <= Time.GetUtcNow())
            {
                break; // a timer that keeps failing stays claimed until its lease ends; the lease moves it forward
            }
        }

        if (until > Time.GetUtcNow())
        {
            Time.SetUtcNow(until);
        }

        return fired;
    }

    private async Task<HarnessRun?> ReplayStepAsync(HarnessRun? run, Event evt, string flow, CancellationToken cancellationToken)
    {
        switch (evt.Name)
        {
            case "request" when run is null:
                EventFields f = evt.Fields;
                var fields = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (KeyValuePair<string, System.Text.Json.JsonElement> kv in f)
                {
                    if (kv.Key is not ("reason" or "duration" or "target" or "target_id"))
                    {
                        fields[kv.Key] = kv.Value;
                    }
                }

                return await RequestAsync(evt.User, f.Target?.Name, f.Duration, f.Reason, fields, flow, cancellationToken: cancellationToken).ConfigureAwait(false);
            case "prompt" or "escalate" or "request_forward" or "request_expire":
                return run; // the engine does these itself, on time
            case "approve" when run is not null:
                await run.ApproveAsync(evt.User, cancellationToken: cancellationToken).ConfigureAwait(false);
                return run;
            case "deny" when run is not null:
                await run.DenyAsync(evt.User, cancellationToken: cancellationToken).ConfigureAwait(false);
                return run;
            case "deescalate" when run is not null:
                string? type = evt.Fields.TryGetValue("deescalate_type", out System.Text.Json.JsonElement t) && t.ValueKind == System.Text.Json.JsonValueKind.String ? t.GetString() : null;
                if (type == "revoke")
                {
                    await run.RevokeAsync(evt.User, cancellationToken: cancellationToken).ConfigureAwait(false);
                }
                else if (type == "relinquish")
                {
                    await run.RelinquishAsync(evt.User, cancellationToken).ConfigureAwait(false);
                }

                return run;
            default:
                throw new SymHarnessException(run is null
                    ? $"A replayed timeline must start with a request event; got '{evt.Name}' first."
                    : $"The harness cannot replay a '{evt.Name}' event here (a second request in one timeline, or an unknown step).");
        }
    }

    private string DefaultFlow()
    {
        if (_registry.Flows.Count == 1)
        {
            return _registry.Flows[0].Name;
        }

        throw new SymHarnessException($"Several flows are registered ({string.Join(", ", _registry.Flows.Select(static f => f.Name))}); name one with the flow argument.");
    }

    private AccessStrategy GetStrategy(string flow)
    {
        FlowRegistration registration = _registry.Find(flow)
            ?? throw new SymHarnessException($"No flow '{flow}' is registered. Flows: {string.Join(", ", _registry.Flows.Select(static f => f.Name))}.");
        return (AccessStrategy)_provider.GetRequiredService(registration.StrategyType!);
    }

    private static string DescribeRequest(AccessRequest request)
    {
        var text = new StringBuilder();
        text.Append(request.Requester.Username).Append(" requests ").Append(request.Flow);
        if (request.Target is not null)
        {
            text.Append(" for ").Append(request.Target);
        }

        if (request.Duration is { } duration)
        {
            text.Append(", ").Append(Transcripts.Duration(duration));
        }

        if (request.Reason is not null)
        {
            text.Append(", reason \"").Append(request.Reason).Append('"');
        }

        if (request.Fields is { Count: > 0 } fields)
        {
            foreach (KeyValuePair<string, System.Text.Json.JsonElement> kv in fields.OrderBy(static kv => kv.Key, StringComparer.Ordinal))
            {
                text.Append(", ").Append(kv.Key).Append('=').Append(kv.Value.GetRawText());
            }
        }

        return text.ToString();
    }

    private static string FakeName(ISymFake fake)
    {
        string name = fake.GetType().Name;
        if (name.StartsWith("Fake", StringComparison.Ordinal) && name.Length > 4)
        {
            name = name[4..];
        }

        if (name.EndsWith("Handler", StringComparison.Ordinal) && name.Length > 7)
        {
            name = name[..^7];
        }

        return name.ToLowerInvariant();
    }

    private void Detach()
    {
        NotifierFaults.Observer = null;
        foreach (ISymFake fake in _fakes)
        {
            fake.Faults.Observer = null;
            if (fake is Slack.FakeSlack slack)
            {
                slack.MessagePosted = null;
            }
        }
    }
}
