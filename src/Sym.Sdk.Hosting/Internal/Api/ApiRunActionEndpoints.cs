using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sym.Sdk.FrontEnds;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Hosting.Internal.Api;

/// <summary>
/// The actions on a request: POST requests/{id}/approve, deny, cancel, revoke, relinquish, extend, extension/approve and
/// extension/deny, each run through the engine as the caller and answered by its verdict.
/// </summary>
internal static class ApiRunActionEndpoints
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapPost("/requests/{id}/approve", static (HttpContext http, SymEngine engine, string id, CancellationToken ct) =>
            ActAsync(http, engine, SymRunAction.Approve, (user, reason) => engine.ApproveAsync(id, user, reason, ct), ct));
        group.MapPost("/requests/{id}/deny", static (HttpContext http, SymEngine engine, string id, CancellationToken ct) =>
            ActAsync(http, engine, SymRunAction.Deny, (user, reason) => engine.DenyAsync(id, user, reason, ct), ct));
        group.MapPost("/requests/{id}/cancel", static (HttpContext http, SymEngine engine, string id, CancellationToken ct) =>
            ActAsync(http, engine, SymRunAction.Cancel, (user, _) => engine.CancelAsync(id, user, ct), ct));
        group.MapPost("/requests/{id}/revoke", static (HttpContext http, SymEngine engine, string id, CancellationToken ct) =>
            ActAsync(http, engine, SymRunAction.Revoke, (user, reason) => engine.RevokeAsync(id, user, reason, ct), ct));
        group.MapPost("/requests/{id}/relinquish", static (HttpContext http, SymEngine engine, string id, CancellationToken ct) =>
            ActAsync(http, engine, SymRunAction.Relinquish, (user, _) => engine.RelinquishAsync(id, user, ct), ct));
        group.MapPost("/requests/{id}/extend", ExtendAsync);
        group.MapPost("/requests/{id}/extension/approve", static (HttpContext http, SymEngine engine, string id, CancellationToken ct) =>
            ActAsync(http, engine, SymRunAction.ApproveExtension, (user, _) => engine.ApproveExtensionAsync(id, user, ct), ct));
        group.MapPost("/requests/{id}/extension/deny", static (HttpContext http, SymEngine engine, string id, CancellationToken ct) =>
            ActAsync(http, engine, SymRunAction.DenyExtension, (user, reason) => engine.DenyExtensionAsync(id, user, reason, ct), ct));
    }

    /// <summary>
    /// POST extend: the requester asks for <c>{"duration": "1h", "reason": …}</c> more; the engine validates the duration
    /// against the flow and waits for an approver (or a hook's decision).
    /// </summary>
    private static async Task<IResult> ExtendAsync(HttpContext http, SymEngine engine, string id, CancellationToken cancellationToken)
    {
        (ExtendBody? body, IResult? problem) = await ApiBodies.ReadAsync(http, ApiJsonContext.Default.ExtendBody, required: true, cancellationToken)
            .ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (body!.Duration is not { ValueKind: not JsonValueKind.Null } d || ApiParsing.ParseDuration(d) is not { } extension)
        {
            return ApiProblems.Validation(new Dictionary<string, string[]>(1)
            {
                ["duration"] = ["How much longer: duration text such as '30m' or '1h', or a positive number of seconds."],
            }, "The extension is invalid. Correct the listed fields.");
        }

        return await ActAsync(http, engine, SymRunAction.Extend, (user, _) => engine.ExtendAsync(id, user, extension, body.Reason, cancellationToken),
            cancellationToken, bodyRead: true).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs an action through the engine and answers by the result's <see cref="SymActionResult.Verdict"/>: 200 when it
    /// took effect; 403 with the engine's refusal (<see cref="SymEngine.CheckAction"/>, which names no state) when its
    /// rules refuse the caller whatever the run's state; 409 when the caller may act but not now (the run's state, a vote
    /// already cast, an extension already waiting); 403 with the flow's message when a hook refused it.
    /// </summary>
    private static async Task<IResult> ActAsync(
        HttpContext http, SymEngine engine, SymRunAction action, Func<User, string?, Task<SymActionResult>> act,
        CancellationToken cancellationToken, bool bodyRead = false)
    {
        string? reason = null;
        if (!bodyRead)
        {
            (DecisionBody? body, IResult? problem) = await ApiBodies.ReadAsync(http, ApiJsonContext.Default.DecisionBody, required: false, cancellationToken)
                .ConfigureAwait(false);
            if (problem is not null)
            {
                return problem;
            }

            reason = body?.Reason;
        }

        User user = ApiMapping.ToUser(http.User);
        SymActionResult result = await act(user, reason).ConfigureAwait(false);
        return (result.Status, result.Verdict) switch
        {
            (SymActionStatus.Applied, _) => TypedResults.Json(ApiMapping.ToResponse(result), ApiJsonContext.Default.ActionResponse),
            (SymActionStatus.Ignored, ActionVerdict.NotAllowed) => ApiProblems.Problem(StatusCodes.Status403Forbidden, "The action is not allowed.",
                // The engine told the actor what it found first (perhaps the state); the API says only that they may not.
                (result.Run is { } run ? engine.CheckAction(run, user, action).Message : null) ?? result.Message!, "SymApi:NOT_ALLOWED"),
            (SymActionStatus.Ignored, ActionVerdict.NotNow) =>
                ApiProblems.Problem(StatusCodes.Status409Conflict, "The request is not in a state for this action.", result.Message!, "SymApi:INVALID_STATE"),
            (SymActionStatus.Ignored, _) => ApiProblems.Problem(StatusCodes.Status403Forbidden, "The action is not allowed.", result.Message!, "SymApi:NOT_ALLOWED"),
            _ => ApiProblems.Problem(StatusCodes.Status500InternalServerError, "The flow failed.", result.Message!, SymErrorCodes.UserCodeFailed),
        };
    }
}
