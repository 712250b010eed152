using Sym.Sdk.Flows.Internal;
using Sym.Sdk.FrontEnds;
using Sym.Sdk.Runtime.Internal;

namespace Sym.Sdk.Runtime;

/// <content>
/// The front-end API: what a front end (Slack, the JSON API, a console, a CLI) needs besides the actions themselves, by
/// the engine's own rules: the flow catalogue to build a request form, request validation without creating anything,
/// and whether a person may read or act on a run, and if not why.
/// </content>
public sealed partial class SymEngine
{
    private static readonly SymRunAction[] AllActions = Enum.GetValues<SymRunAction>();
    private IReadOnlyList<FlowDescriptor>? _catalog;

    /// <summary>The registered flows as a request form needs them, ordered by name.</summary>
    public IReadOnlyList<FlowDescriptor> FlowCatalog =>
        _catalog ??= Array.AsReadOnly(_flows.Values.Select(static f => f.Descriptor).OrderBy(static d => d.Name, StringComparer.Ordinal).ToArray());

    /// <summary>The registered flow of that name, as a request form needs it.</summary>
    /// <param name="name">The flow's name (case-sensitive).</param>
    /// <returns>The flow, or <see langword="null"/> when none of that name is registered.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is <see langword="null"/>.</exception>
    public FlowDescriptor? FindFlow(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _flows.TryGetValue(name, out FlowDefinition? flow) ? flow.Descriptor : null;
    }

    /// <summary>
    /// Checks a request exactly as <see cref="RequestAsync"/> does (flow, source, requester, target, duration, every
    /// field), without running any flow code or creating anything, so a front end can show the errors before it submits
    /// (Slack gives a modal submission 3 seconds to answer).
    /// </summary>
    /// <param name="request">The request.</param>
    /// <returns>The errors field by field; none when <see cref="RequestAsync"/> will accept the input. An unknown flow is an error of field <c>flow</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> or its requester is <see langword="null"/>.</exception>
    public RequestValidationResult ValidateRequest(AccessRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Requester);
        if (string.IsNullOrEmpty(request.Flow) || !_flows.TryGetValue(request.Flow, out FlowDefinition? flow))
        {
            return new RequestValidationResult
            {
                Flow = request.Flow ?? "",
                Errors = [new SymFieldError("flow", string.IsNullOrEmpty(request.Flow) ? "A flow is required." : "No flow of that name is registered.")],
            };
        }

        _ = RequestValidator.Check(flow, request, out List<SymFieldError>? errors);
        return new RequestValidationResult { Flow = flow.Name, Errors = errors is null ? [] : errors.AsReadOnly() };
    }

    /// <summary>
    /// Whether <paramref name="user"/> may take <paramref name="action"/> on <paramref name="run"/> now, by the engine's
    /// rules: first who may (<see cref="GetRefusal"/>: <see cref="ActionVerdict.NotAllowed"/>, without a word of the run's
    /// state), then whether the run is in a state for it and the user has not already done it
    /// (<see cref="ActionVerdict.NotNow"/>). The same rules the action itself applies, so a front end can show only the
    /// buttons that would work, and answer "you may not" apart from "not now".
    /// </summary>
    /// <param name="run">The run, as read (<see cref="GetRunAsync"/>).</param>
    /// <param name="user">Who would act.</param>
    /// <param name="action">The action.</param>
    /// <returns>The check; <see cref="ActionCheck.Message"/> is what the engine would tell the user.</returns>
    /// <remarks>
    /// Flow code is not run: a hook (<c>OnApproveAsync</c> returning <c>Template.Ignore</c>, <c>OnRequestAsync</c> for an
    /// extension) may still refuse an action checked as allowed; its result then says
    /// <see cref="ActionVerdict.RefusedByFlow"/>. A run changed since it was read may answer differently.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="run"/> or <paramref name="user"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="action"/> is not an action.</exception>
    public ActionCheck CheckAction(SymRun run, User user, SymRunAction action)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(user);
        if (!Enum.IsDefined(action))
        {
            throw new ArgumentOutOfRangeException(nameof(action), action, "Not a run action.");
        }

        return Check(_flows.GetValueOrDefault(run.Flow), run, user, action);
    }

    /// <summary>What <paramref name="user"/> may do with <paramref name="run"/> now: read it, and each action's <see cref="CheckAction"/>.</summary>
    /// <param name="run">The run, as read (<see cref="GetRunAsync"/>).</param>
    /// <param name="user">Who asks.</param>
    /// <returns>The permissions.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="run"/> or <paramref name="user"/> is <see langword="null"/>.</exception>
    public RunPermissions GetRunPermissions(SymRun run, User user)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(user);
        FlowDefinition? flow = _flows.GetValueOrDefault(run.Flow);
        var checks = new ActionCheck[AllActions.Length];
        for (int i = 0; i < checks.Length; i++)
        {
            checks[i] = Check(flow, run, user, AllActions[i]);
        }

        return new RunPermissions { RunId = run.Id, CanRead = Authorizer.CanRead(flow, run, user), Actions = Array.AsReadOnly(checks) };
    }

    private static ActionCheck Check(FlowDefinition? flow, SymRun run, User user, SymRunAction action)
    {
        if (flow is null)
        {
            return new ActionCheck { Action = action, Verdict = ActionVerdict.NotAllowed, Message = FlowGone };
        }

        if (Refusal(flow, run, user, action) is { } refusal)
        {
            return new ActionCheck { Action = action, Verdict = ActionVerdict.NotAllowed, Message = refusal };
        }

        string? notNow = RunRules.StateRefusal(run, action) ?? RunRules.ActorRefusal(flow.Options, run, user, action);
        return notNow is null
            ? new ActionCheck { Action = action, Verdict = ActionVerdict.Allowed }
            : new ActionCheck { Action = action, Verdict = ActionVerdict.NotNow, Message = notNow };
    }

    /// <summary>An ignored action's result with its <see cref="SymActionResult.Verdict"/>: the rule that refused it, else the flow's code.</summary>
    private static SymActionResult WithVerdict(SymActionResult result, FlowDefinition flow, User actor, SymRunAction action)
    {
        if (result.Status != SymActionStatus.Ignored || result.Run is not { } run)
        {
            return result;
        }

        ActionCheck check = Check(flow, run, actor, action);
        ActionVerdict verdict = check.IsAllowed ? ActionVerdict.RefusedByFlow : check.Verdict;
        return result.Verdict == verdict ? result : result with { Verdict = verdict };
    }
}
