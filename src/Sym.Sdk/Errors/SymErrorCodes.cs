namespace Sym.Sdk;

/// <summary>
/// The <see cref="SymException.ErrorCode"/> values the SDK itself raises and reports (the engine, the model, the flow
/// registry), to compare against instead of string literals. Integrations have their own: <c>SlackErrorCodes</c>,
/// <c>OktaErrorCodes</c>, <c>AwsErrorCodes</c>.
/// </summary>
public static class SymErrorCodes
{
    /// <summary>No run with the given id exists.</summary>
    public const string RunNotFound = "SymSDK:RUN_NOT_FOUND";

    /// <summary>No flow with the given name is registered.</summary>
    public const string FlowNotFound = "SymSDK:FLOW_NOT_FOUND";

    /// <summary>The run kept changing concurrently and the action was not applied; retrying may succeed.</summary>
    public const string RunConflict = "SymSDK:RUN_CONFLICT";

    /// <summary>A request's id is already used by another request.</summary>
    public const string RequestIdInUse = "SymSDK:REQUEST_ID_IN_USE";

    /// <summary>A request was not valid (see <see cref="Runtime.SymRequestValidationException"/>).</summary>
    public const string InvalidRequest = "SymSDK:INVALID_REQUEST";

    /// <summary>A flow's definition is invalid, or it has no strategy or implementation.</summary>
    public const string InvalidFlow = "SymSDK:INVALID_FLOW";

    /// <summary>
    /// An action that needs access (revoke, relinquish, extend) was taken on a run of an approval-only flow (one without a
    /// strategy, <see cref="Flows.FlowStrategyOptions.NoStrategy"/>): it granted nothing, so there is nothing to revoke or extend.
    /// </summary>
    public const string NoAccessGranted = "SymSDK:NO_ACCESS_GRANTED";

    /// <summary>A flow name was registered twice.</summary>
    public const string DuplicateFlow = "SymSDK:DUPLICATE_FLOW";

    /// <summary>
    /// Creating the engine needed the engine: a flow implementation or strategy (or a service it depends on) takes
    /// <c>SymEngine</c> in its constructor. Take <c>ISymEngineAccessor</c> instead and read its <c>Engine</c> when a hook runs.
    /// </summary>
    public const string EngineDependencyCycle = "SymSDK:ENGINE_DEPENDENCY_CYCLE";

    /// <summary>An environment's definition is invalid: an integration without a type, a secret without a provider or path, names that clash.</summary>
    public const string InvalidEnvironment = "SymSDK:INVALID_ENVIRONMENT";

    /// <summary>Two environments were added whose names differ only in case.</summary>
    public const string DuplicateEnvironment = "SymSDK:DUPLICATE_ENVIRONMENT";

    /// <summary>A flow names an environment that was not added (<c>AddEnvironment</c>, or <c>Sym:Environments:&lt;name&gt;</c> in a host).</summary>
    public const string UnknownEnvironment = "SymSDK:UNKNOWN_ENVIRONMENT";

    /// <summary>A flow's strategy names an integration (<c>Strategy:IntegrationName</c>) its environment does not have.</summary>
    public const string UnknownIntegration = "SymSDK:UNKNOWN_INTEGRATION";

    /// <summary>A strategy asked for its integration (<c>AccessStrategy.GetIntegration</c>), but the flow's strategy has none.</summary>
    public const string NoIntegration = "SymSDK:NO_INTEGRATION";

    /// <summary>An identity to store or read names no valid email, no service, or nothing that identifies the user (<c>SymEngine.PersistUserIdentityAsync</c>).</summary>
    public const string InvalidIdentity = "SymSDK:INVALID_IDENTITY";

    /// <summary>A field name or value is not valid for the flow's form.</summary>
    public const string InvalidField = "SymSDK:INVALID_FIELD";

    /// <summary>A duration is not valid ("30s", "10m", "1h", "1d", "1mo").</summary>
    public const string InvalidDuration = "SymSDK:INVALID_DURATION";

    /// <summary>The event has no target where a strategy needs one.</summary>
    public const string MissingTarget = "SymSDK:MISSING_TARGET";

    /// <summary>The target lacks a setting the strategy needs.</summary>
    public const string MissingTargetSetting = "SymSDK:MISSING_TARGET_SETTING";

    /// <summary>A wire-format event could not be read (see <see cref="Serialization.SymEventJson"/>).</summary>
    public const string InvalidEvent = "SymSDK:INVALID_EVENT";

    /// <summary>A hook fired a step that is not possible in the run's state.</summary>
    public const string InvalidStep = "SymSDK:INVALID_STEP";

    /// <summary>Your flow or strategy threw an exception that is not a <see cref="SymException"/>.</summary>
    public const string UserCodeFailed = "SymSDK:USER_CODE_FAILED";

    /// <summary>A store failed with an exception that is not a <see cref="SymException"/>.</summary>
    public const string InternalError = "SymSDK:INTERNAL_ERROR";

    /// <summary>The notifier refused a message (a destination that cannot take it).</summary>
    public const string DeliveryFailed = "SymSDK:DELIVERY_FAILED";

    /// <summary>An escalation never recorded its result (its process stopped); access is revoked.</summary>
    public const string EscalationInterrupted = "SymSDK:ESCALATION_INTERRUPTED";

    /// <summary>Access was granted after the run had moved on (ended, cancelled, …); it is revoked again.</summary>
    public const string LateGrant = "SymSDK:LATE_GRANT";

    /// <summary>The engine found a run in an inconsistent state and repaired it.</summary>
    public const string RunRepaired = "SymSDK:RUN_REPAIRED";

    /// <summary>A requester has no identity for the strategy's service (see <see cref="IdentityNotFoundException"/>).</summary>
    public const string IdentityNotFound = "Identity:NOT_FOUND";
}
