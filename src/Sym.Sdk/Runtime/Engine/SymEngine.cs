using System.Collections.Frozen;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sym.Sdk.Flows.Internal;
using Sym.Sdk.Runtime.Internal;
using Sym.Sdk.Strategies;
using Sym.Sdk.Templates;

namespace Sym.Sdk.Runtime;

/// <summary>
/// The flow engine: runs each request through its flow — request, approval, escalation, deescalation — calling the
/// flow implementation's hooks and reducers and the strategy, enforcing who may act, recording every step in the store
/// and the audit log, and firing timers. Get it from DI after <c>services.AddSym().AddFlow&lt;…&gt;(…)</c>.
/// </summary>
/// <remarks>
/// <para>Every action returns a <see cref="SymActionResult"/> that says whether it took effect or was ignored, and the
/// message the actor was told. Events on one run are serialized, and every write names the version it replaces, so
/// concurrent actions (in this process or, with a shared store, in others) take effect once.</para>
/// <para>Time comes only from the <see cref="TimeProvider"/>; timers live in the store and fire when
/// <see cref="ProcessDueTimersAsync"/> runs (see <see cref="SymScheduler"/>).</para>
/// </remarks>
public sealed partial class SymEngine
{
    private const int MaxConflictRetries = 8;
    private readonly FrozenDictionary<string, FlowDefinition> _flows;
    private readonly FrozenDictionary<string, (IReadOnlyList<Requests.Notification> Plan, bool ForwardOnFailure)> _defaultPlans;
    private readonly ISymStore _store;
    private readonly ISymNotifier _notifier;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SymOptions _options;
    private readonly RunLocks _locks = new();
    private readonly RetryBackoff _backoff;
    private readonly RetryBackoff _deliveryBackoff;
    private readonly SymTelemetry _telemetry;
    private readonly OutboxSignal _outboxSignal = new();

    internal SymEngine(
        IEnumerable<FlowDefinition> flows,
        ISymStore store,
        ISymNotifier notifier,
        TimeProvider timeProvider,
        SymOptions options,
        ILogger? logger = null,
        IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(flows);
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _notifier = notifier ?? throw new ArgumentNullException(nameof(notifier));
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _logger = logger ?? NullLogger.Instance;
        _backoff = new RetryBackoff(options.DeescalateRetryBaseDelay, options.DeescalateRetryMaxDelay, options.JitterSeed);
        _deliveryBackoff = new RetryBackoff(options.NotificationRetryBaseDelay, options.NotificationRetryMaxDelay,
            options.JitterSeed is { } seed ? unchecked(seed + 1) : null);
        _telemetry = new SymTelemetry(meterFactory);

        var identityStore = new StepIdentityStore(store);
        var byName = new Dictionary<string, FlowDefinition>(StringComparer.Ordinal);
        foreach (FlowDefinition flow in flows)
        {
            if (!byName.TryAdd(flow.Name, flow))
            {
                throw new SymException(SymErrorCodes.DuplicateFlow, $"Flow '{flow.Name}' is registered twice.", "Register each flow name once.");
            }

            if (flow.Strategy is { } strategy)
            {
                strategy.IdentityStore ??= identityStore;
            }
        }

        _flows = byName.ToFrozenDictionary(StringComparer.Ordinal);
        _defaultPlans = byName.ToFrozenDictionary(static kv => kv.Key, static kv => DefaultPlan(kv.Value), StringComparer.Ordinal);
    }

    /// <summary>The names of the registered flows.</summary>
    public IReadOnlyCollection<string> Flows => _flows.Keys;

    /// <summary>
    /// Submits a request: validates it against the flow, runs <c>OnRequestAsync</c>, records the run, and announces it
    /// to the approvers (or fires the step a hook returned, for example an auto-approval).
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The result; <see cref="SymActionResult.Run"/> is the new run, or <see langword="null"/> when a hook ignored the request.</returns>
    /// <remarks>
    /// A prefetch field's value must be one of the options its reducer offers the requester: the reducers run again for
    /// the check (one call per prefetch field the request fills), and a value never offered, or one that cannot be checked
    /// because the reducer failed, is a field error. <see cref="ValidateRequest"/> runs no flow code, so it does not make
    /// this check.
    /// </remarks>
    /// <exception cref="SymRequestValidationException">The request is invalid; nothing was created.</exception>
    /// <exception cref="SymNotFoundException">Code <c>SymSDK:FLOW_NOT_FOUND</c>: no such flow.</exception>
    public Task<SymActionResult> RequestAsync(AccessRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Requester);
        FlowDefinition flow = GetFlow(request.Flow);
        (EventFields fields, TimeSpan duration) = RequestValidator.Validate(flow, request);
        return flow.HasPrefetchFields
            ? CheckedRequestAsync(flow, request, fields, duration, cancellationToken)
            : RequestCoreAsync(flow, request, fields, duration, cancellationToken);
    }

    private async Task<SymActionResult> CheckedRequestAsync(FlowDefinition flow, AccessRequest request, EventFields fields, TimeSpan duration, CancellationToken cancellationToken)
    {
        await CheckPrefetchedValuesAsync(flow, request, cancellationToken).ConfigureAwait(false);
        return await RequestCoreAsync(flow, request, fields, duration, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Approves a pending request. With a quorum, records the approval until enough are in; then grants access.</summary>
    /// <param name="runId">The run.</param>
    /// <param name="approver">Who approves.</param>
    /// <param name="reason">Why, for the audit log and the request message.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether the approval took effect, and the message the approver got.</returns>
    /// <exception cref="SymNotFoundException">Code <c>SymSDK:RUN_NOT_FOUND</c>: no such run.</exception>
    /// <exception cref="SymException">Code <c>SymSDK:RUN_CONFLICT</c>: other writers kept changing the run (only with a shared store under heavy contention).</exception>
    public Task<SymActionResult> ApproveAsync(string runId, User approver, string? reason = null, CancellationToken cancellationToken = default) =>
        ActAsync(runId, SymRunAction.Approve, approver, reason, default, cancellationToken);

    /// <summary>Denies a pending request (with <c>DenyWins</c> off, records the denial until a quorum of denials is in).</summary>
    /// <param name="runId">The run.</param>
    /// <param name="approver">Who denies.</param>
    /// <param name="reason">Why, for the requester and the audit log.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether the denial took effect, and the message the approver got.</returns>
    /// <exception cref="SymNotFoundException">Code <c>SymSDK:RUN_NOT_FOUND</c>: no such run.</exception>
    public Task<SymActionResult> DenyAsync(string runId, User approver, string? reason = null, CancellationToken cancellationToken = default) =>
        ActAsync(runId, SymRunAction.Deny, approver, reason, default, cancellationToken);

    /// <summary>Cancels a pending request: the requester's own, or any as an admin.</summary>
    /// <param name="runId">The run.</param>
    /// <param name="actor">Who cancels.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether the cancellation took effect.</returns>
    /// <exception cref="SymNotFoundException">Code <c>SymSDK:RUN_NOT_FOUND</c>: no such run.</exception>
    public Task<SymActionResult> CancelAsync(string runId, User actor, CancellationToken cancellationToken = default) =>
        ActAsync(runId, SymRunAction.Cancel, actor, null, default, cancellationToken);

    /// <summary>Revokes active access early (if the flow allows revoke): by the requester, an approver of the run, or an admin.</summary>
    /// <param name="runId">The run.</param>
    /// <param name="actor">Who revokes.</param>
    /// <param name="reason">Why.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether the revoke took effect.</returns>
    /// <exception cref="SymNotFoundException">Code <c>SymSDK:RUN_NOT_FOUND</c>: no such run.</exception>
    public Task<SymActionResult> RevokeAsync(string runId, User actor, string? reason = null, CancellationToken cancellationToken = default) =>
        ActAsync(runId, SymRunAction.Revoke, actor, reason, default, cancellationToken);

    /// <summary>Gives up active access early ("I'm done"): the requester only.</summary>
    /// <param name="runId">The run.</param>
    /// <param name="actor">The requester.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether the relinquish took effect.</returns>
    /// <exception cref="SymNotFoundException">Code <c>SymSDK:RUN_NOT_FOUND</c>: no such run.</exception>
    public Task<SymActionResult> RelinquishAsync(string runId, User actor, CancellationToken cancellationToken = default) =>
        ActAsync(runId, SymRunAction.Relinquish, actor, null, default, cancellationToken);

    /// <summary>
    /// Asks to extend active access by <paramref name="extension"/>. <c>OnRequestAsync</c> sees a <c>request</c> event
    /// with field <c>extension</c> = true and may auto-approve it; otherwise it waits for
    /// <see cref="ApproveExtensionAsync"/>. The expiry moves without re-escalating.
    /// </summary>
    /// <param name="runId">The run.</param>
    /// <param name="actor">The requester.</param>
    /// <param name="extension">How much longer; an allowed duration no longer than the flow's maximum.</param>
    /// <param name="reason">Why.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether the extension was requested (or granted, when a hook approved it).</returns>
    /// <exception cref="SymRequestValidationException">The extension's duration is not allowed; nothing changed.</exception>
    /// <exception cref="SymNotFoundException">Code <c>SymSDK:RUN_NOT_FOUND</c>: no such run.</exception>
    public Task<SymActionResult> ExtendAsync(string runId, User actor, TimeSpan extension, string? reason = null, CancellationToken cancellationToken = default) =>
        ActAsync(runId, SymRunAction.Extend, actor, reason, extension, cancellationToken);

    /// <summary>Approves a pending extension: the expiry moves by the extension, without re-escalating.</summary>
    /// <param name="runId">The run.</param>
    /// <param name="approver">Who approves (the same rules as approving the request).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether the extension took effect.</returns>
    /// <exception cref="SymNotFoundException">Code <c>SymSDK:RUN_NOT_FOUND</c>: no such run.</exception>
    public Task<SymActionResult> ApproveExtensionAsync(string runId, User approver, CancellationToken cancellationToken = default) =>
        ActAsync(runId, SymRunAction.ApproveExtension, approver, null, default, cancellationToken);

    /// <summary>Denies a pending extension; access keeps its current expiry.</summary>
    /// <param name="runId">The run.</param>
    /// <param name="approver">Who denies.</param>
    /// <param name="reason">Why.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether the denial took effect.</returns>
    /// <exception cref="SymNotFoundException">Code <c>SymSDK:RUN_NOT_FOUND</c>: no such run.</exception>
    public Task<SymActionResult> DenyExtensionAsync(string runId, User approver, string? reason = null, CancellationToken cancellationToken = default) =>
        ActAsync(runId, SymRunAction.DenyExtension, approver, reason, default, cancellationToken);

    /// <summary>Reads a run.</summary>
    /// <param name="runId">The run's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run, or <see langword="null"/>.</returns>
    public async Task<SymRun?> GetRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        return await _store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
    }

    private FlowDefinition GetFlow(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return _flows.TryGetValue(name, out FlowDefinition? flow)
            ? flow
            : throw new SymNotFoundException(SymErrorCodes.FlowNotFound, $"No flow named '{name}' is registered.",
                "Register it with services.AddSym().AddFlow<TImplementation>(name, …).");
    }

    private async Task<SymActionResult> ActAsync(string runId, SymRunAction action, User actor, string? reason, TimeSpan extension, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        ArgumentNullException.ThrowIfNull(actor);
        using (await _locks.AcquireAsync(runId, cancellationToken).ConfigureAwait(false))
        {
            for (int attempt = 1; ; attempt++)
            {
                SymRun run = await _store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false)
                    ?? throw new SymNotFoundException(SymErrorCodes.RunNotFound, $"No run with id '{runId}' exists.");
                var ctx = new RunContext(GetFlow(run.Flow), run, run, cancellationToken);
                RequestValidator.ValidateActionReason(ctx.Flow, reason); // input limits: throws before anything changes
                if (ctx.Flow.IsApprovalOnly && action is not (SymRunAction.Approve or SymRunAction.Deny or SymRunAction.Cancel))
                {
                    throw new SymException(SymErrorCodes.NoAccessGranted,
                        $"Flow '{ctx.Flow.Name}' is approval-only: its requests grant no access, so there is nothing to {ActionName(action)}.",
                        "Only approve, deny and cancel apply to an approval-only flow's requests.");
                }

                try
                {
                    SymActionResult result = action switch
                    {
                        SymRunAction.Approve => await DecideStepAsync(ctx, RunDecision.Approve, actor, reason, fromHook: false).ConfigureAwait(false),
                        SymRunAction.Deny => await DecideStepAsync(ctx, RunDecision.Deny, actor, reason, fromHook: false).ConfigureAwait(false),
                        SymRunAction.Cancel => await CancelStepAsync(ctx, actor).ConfigureAwait(false),
                        SymRunAction.Revoke => await RevokeStepAsync(ctx, actor, reason).ConfigureAwait(false),
                        SymRunAction.Relinquish => await RelinquishStepAsync(ctx, actor).ConfigureAwait(false),
                        SymRunAction.Extend => await ExtendStepAsync(ctx, actor, extension, reason).ConfigureAwait(false),
                        SymRunAction.ApproveExtension => await DecideExtensionStepAsync(ctx, RunDecision.Approve, actor, reason).ConfigureAwait(false),
                        _ => await DecideExtensionStepAsync(ctx, RunDecision.Deny, actor, reason).ConfigureAwait(false),
                    };
                    return WithVerdict(result, ctx.Flow, actor, action);
                }
                catch (RunConflictException) when (attempt < MaxConflictRetries)
                {
                    EngineLog.Conflict(_logger, runId, action.ToString(), attempt);
                }
                catch (RunConflictException ex)
                {
                    throw new SymException(SymErrorCodes.RunConflict, $"Run '{runId}' kept changing concurrently; the action was not applied.",
                        "Retry the action.", ex);
                }
            }
        }
    }

    /// <summary>
    /// Keeps the seeded retry jitter (<see cref="SymOptions.JitterSeed"/>) so <see cref="RestartJitter"/> can replay it:
    /// for a test harness that replays stories on one engine. Call it before the engine's first use; without a seed it
    /// does nothing.
    /// </summary>
    public void KeepJitterForRestart()
    {
        _backoff.KeepForRestart();
        _deliveryBackoff.KeepForRestart();
    }

    /// <summary>
    /// Starts the kept retry jitter (<see cref="KeepJitterForRestart"/>) over from its first value, so a story replayed
    /// after a reset gets the same delays; without a kept seed it does nothing.
    /// </summary>
    public void RestartJitter()
    {
        _backoff.Restart();
        _deliveryBackoff.Restart();
    }

    private static ApprovalTemplateStep StepOf(string name) => new(name);

    private static string ActionName(SymRunAction action) => action switch
    {
        SymRunAction.Revoke => "revoke",
        SymRunAction.Relinquish => "relinquish",
        SymRunAction.Extend => "extend",
        _ => "decide on as an extension",
    };
}
