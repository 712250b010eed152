using Sym.Sdk.Templates;

namespace Sym.Sdk.Strategies;

/// <summary>
/// Grants and revokes access to a target. Derive from it, implement <see cref="FetchRemoteIdentityAsync"/>,
/// <see cref="EscalateAsync"/> and <see cref="DeescalateAsync"/>, and register it with
/// <c>flow.UseStrategy&lt;T&gt;()</c>; the engine calls it when a request is approved and when the grant ends.
/// </summary>
/// <remarks>
/// <para>Both escalate and deescalate must be idempotent: the engine retries them, and runs a compensating deescalate
/// after a failed escalate. Deescalate must also succeed for a user who was never escalated. Return
/// <see cref="StrategyOutput.AlreadyGranted"/> or <see cref="StrategyOutput.AlreadyRevoked"/> when nothing was needed;
/// the engine records it.</para>
/// <para>Throw (ideally a <see cref="SymException"/>) to fail the step: the engine records the error, reports it to the
/// flow's error channel and the requester, and for deescalate retries until it succeeds.</para>
/// </remarks>
public abstract class AccessStrategy
{
    /// <summary>
    /// The service whose identities this strategy uses, for example <c>okta</c> or <c>aws_sso</c>: the key under which
    /// <see cref="GetRequesterIdentityAsync"/> stores identities. The default value is <c>custom</c>.
    /// </summary>
    public virtual string IdentityService => "custom";

    internal IStrategyIdentityStore? IdentityStore { get; set; }

    /// <summary>
    /// Looks up a user's identity in the service this strategy grants access in, for example their Okta user id or
    /// their email. Called by <see cref="GetRequesterIdentityAsync"/> when no identity is stored yet.
    /// </summary>
    /// <param name="user">The user.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The identity's value, or <see langword="null"/> when the user has none there.</returns>
    public abstract ValueTask<string?> FetchRemoteIdentityAsync(User user, CancellationToken cancellationToken = default);

    /// <summary>Grants the requester access to a target. Must be idempotent.</summary>
    /// <param name="targetId">The target's id (<see cref="EventFields.TargetId"/>).</param>
    /// <param name="evt">The escalate event: requester, target, fields and earlier actors.</param>
    /// <param name="cancellationToken">Cancels the grant.</param>
    /// <returns>What was done, or <see langword="null"/> for <see cref="StrategyOutput.Applied()"/>.</returns>
    public abstract ValueTask<StrategyOutput?> EscalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default);

    /// <summary>Revokes the requester's access to a target. Must be idempotent, and succeed for a user never escalated.</summary>
    /// <param name="targetId">The target's id.</param>
    /// <param name="evt">The deescalate event; <c>evt.Fields.GetString("deescalate_type")</c> says why (scheduled, revoke, relinquish).</param>
    /// <param name="cancellationToken">Cancels the revoke.</param>
    /// <returns>What was done, or <see langword="null"/> for <see cref="StrategyOutput.Applied()"/>.</returns>
    public abstract ValueTask<StrategyOutput?> DeescalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default);

    /// <summary>
    /// The requester's identity in <see cref="IdentityService"/>: the stored one if any; otherwise
    /// <see cref="FetchRemoteIdentityAsync"/>, which is then stored for next time.
    /// </summary>
    /// <param name="evt">The event whose requester (the <c>request</c> actor, else the event's user) to look up.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The identity's value (its user id, else its email).</returns>
    /// <exception cref="IdentityNotFoundException">The requester has no identity in the service.</exception>
    public async ValueTask<string> GetRequesterIdentityAsync(Event evt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evt);
        User requester = evt.GetActor(ApprovalTemplateStep.Request) ?? evt.User;
        string service = IdentityService;

        UserIdentity? stored = requester.Identity(service);
        if (stored is null && IdentityStore is { } store)
        {
            stored = await store.GetIdentityAsync(evt, requester, service, cancellationToken).ConfigureAwait(false);
        }

        if (stored?.MatchingValue is { Length: > 0 } known)
        {
            return known;
        }

        string? fetched = await FetchRemoteIdentityAsync(requester, cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrEmpty(fetched))
        {
            throw new IdentityNotFoundException(requester.Username, service);
        }

        if (IdentityStore is { } target)
        {
            await target.SaveIdentityAsync(evt, requester, new UserIdentity { Service = service, UserId = fetched }, cancellationToken)
                .ConfigureAwait(false);
        }

        return fetched;
    }

    /// <summary>
    /// The integration configured for the flow's strategy (<c>Strategy:IntegrationName</c>, naming one of the environment's
    /// integrations, or <c>Strategy:Integration</c> inline): Sym's <c>self.integration</c>, so
    /// <c>self.integration.settings["secrets"][0].retrieve_value()</c> is
    /// <c>await GetIntegration(evt).Secrets[0].RetrieveValueAsync(ct)</c>. It comes from the event because one strategy
    /// instance may serve several flows (a sandbox and a prod flow) with different integrations.
    /// </summary>
    /// <param name="evt">The current event.</param>
    /// <returns>The integration.</returns>
    /// <exception cref="SymException">Code <see cref="SymErrorCodes.NoIntegration"/>: the flow's strategy has no integration.</exception>
    protected static Integration GetIntegration(Event evt)
    {
        ArgumentNullException.ThrowIfNull(evt);
        return evt.Flow.Strategy?.Integration ?? throw new SymException(SymErrorCodes.NoIntegration,
            $"Flow '{evt.Flow.Name}' configures no integration for its strategy.",
            $"Set Strategy:IntegrationName to one of environment '{evt.Flow.Environment.Name}''s integrations, or Strategy:Integration inline.");
    }

    /// <summary>
    /// The output an earlier step of this run recorded, for example escalate's output when deescalating (the id of the
    /// grant to revoke).
    /// </summary>
    /// <param name="evt">The current event.</param>
    /// <param name="step">The earlier step, usually <see cref="ApprovalTemplateStep.Escalate"/>.</param>
    /// <returns>The output, or <see langword="null"/> when the step recorded none.</returns>
    protected static StrategyOutput? GetStepOutput(Event evt, ApprovalTemplateStep step)
    {
        ArgumentNullException.ThrowIfNull(evt);
        return evt.Run.Outputs.GetValueOrDefault(step.Name);
    }
}
