using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sym.Sdk.Forms;
using Sym.Sdk.FrontEnds;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Hosting.Internal.Api;

/// <summary>
/// The JSON API over the engine, on its public front-end API only. Every decision is the engine's: an action it refuses
/// answers by the result's <see cref="SymActionResult.Verdict"/>, 403 with its reason when its rules refuse the caller
/// (<see cref="SymEngine.CheckAction"/>, which names no state, so an outsider learns nothing of it), 409 when the caller
/// may act but not now; invalid requests answer 400 with field errors. Who may read a run is <see cref="SymEngine.CanRead"/>,
/// who may decide one <see cref="SymEngine.CheckAction"/>.
/// </summary>
internal static class ApiEndpoints
{
    private const int DefaultLimit = 100;
    private const int MaxLimit = 500;

    public static RouteGroupBuilder Map(IEndpointRouteBuilder endpoints, string prefix)
    {
        RouteGroupBuilder group = endpoints.MapGroup(prefix);
        group.WithMetadata(SymApiEndpointMetadata.Instance);
        group.RequireAuthorization(SymHostingDefaults.ApiPolicy);
        group.AddEndpointFilter(ApiFallback.LimitUrlAsync);
        group.AddEndpointFilter(MapErrorsAsync);
        group.MapPost("/requests", CreateAsync);
        group.MapGet("/requests", ListMineAsync);
        group.MapGet("/requests/{id}", GetAsync);
        group.MapGet("/requests/{id}/audit", AuditAsync);
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
        group.MapGet("/approvals", PendingApprovalsAsync);
        ApiFallback.Map(group);
        return group;
    }

    private static async Task<IResult> CreateAsync(HttpContext http, SymEngine engine, CancellationToken cancellationToken)
    {
        (CreateRequestBody? body, IResult? problem) = await ApiBodies.ReadAsync(http, ApiJsonContext.Default.CreateRequestBody, required: true, cancellationToken)
            .ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(body!.Flow))
        {
            errors["flow"] = ["A flow is required."];
        }
        else if (!engine.Flows.Contains(body.Flow))
        {
            errors["flow"] = ["No flow of that name is registered."];
        }

        TimeSpan? duration = null;
        if (body.Duration is { ValueKind: not JsonValueKind.Null } d)
        {
            duration = ParseDuration(d);
            if (duration is null)
            {
                errors["duration"] = ["A duration is duration text such as '30m', '1h' or '1d', or a positive number of seconds."];
            }
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors, "The request is invalid. Correct the listed fields.");
        }

        var request = new AccessRequest
        {
            Flow = body.Flow!,
            Requester = ApiMapping.ToUser(http.User),
            Target = body.Target,
            Duration = duration,
            Reason = body.Reason,
            Fields = body.Fields,
            SourceChannel = "api",
        };
        SymActionResult result = await engine.RequestAsync(request, cancellationToken).ConfigureAwait(false);

        switch (result.Status)
        {
            case SymActionStatus.Applied:
                IResult created = TypedResults.Json(Answer(result), ApiJsonContext.Default.ActionResponse, statusCode: StatusCodes.Status201Created);
                return result.Run is { } run
                    ? new HeaderResult(created, "Location", $"{http.Request.PathBase}{http.Request.Path}/{Uri.EscapeDataString(run.Id)}")
                    : created;
            case SymActionStatus.Ignored:
                return ApiProblems.Problem(StatusCodes.Status403Forbidden, "The request was refused.", result.Message!, "SymApi:NOT_ALLOWED");
            default:
                return ApiProblems.Problem(StatusCodes.Status500InternalServerError, "The flow failed.", result.Message!, SymErrorCodes.UserCodeFailed);
        }
    }

    /// <summary>
    /// GET requests: the caller's runs, newest first, one page at a time from the store's requester index. <c>before</c>
    /// (the last run's <c>requestedAt</c>) and <c>beforeId</c> (its id, to page through equal times) continue a listing;
    /// <c>next</c> in the answer is the link to the following page, present only when there is one.
    /// </summary>
    private static async Task<IResult> ListMineAsync(
        HttpContext http, ISymRunStore runs, string? state, string? limit, string? before, string? beforeId, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        SymRunState? filter = ParseState(state, errors);
        int take = ParseLimit(limit, errors);
        DateTimeOffset? cursor = ParseCursor(before, beforeId, errors);
        if (errors.Count > 0)
        {
            return InvalidQuery(errors);
        }

        // One more than the page: whether it comes back says whether a next page exists, without an empty last page.
        var query = new SymRunQuery
        {
            Requester = ApiMapping.ToUser(http.User).Username, State = filter, Limit = take + 1, RequestedBefore = cursor, BeforeRunId = beforeId,
        };
        var page = new List<SymRun>(Math.Min(take + 1, 32));
        await foreach (SymRun run in runs.QueryRunsAsync(query, cancellationToken).ConfigureAwait(false))
        {
            page.Add(run);
        }

        string? next = page.Count > take ? NextLink(http.Request, page[take - 1], state, limit) : null;
        return TypedResults.Json(new RunListResponse(ToResponses(page, take), next), ApiJsonContext.Default.RunListResponse);
    }

    /// <summary>
    /// GET approvals: pending runs the caller may decide and has not voted on, newest first, paged like GET requests
    /// (<c>before</c>/<c>beforeId</c>, and <c>next</c> while more remain). Who may decide is per flow and per run, so the
    /// store's pending runs are read in pages from its state index and filtered here; reading stops once the page is full.
    /// </summary>
    private static async Task<IResult> PendingApprovalsAsync(
        HttpContext http, ISymRunStore runs, SymEngine engine, string? limit, string? before, string? beforeId, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        int take = ParseLimit(limit, errors);
        DateTimeOffset? cursor = ParseCursor(before, beforeId, errors);
        if (errors.Count > 0)
        {
            return InvalidQuery(errors);
        }

        User user = ApiMapping.ToUser(http.User);
        var page = new List<SymRun>(Math.Min(take + 1, 32));
        // One more than the page, as in GET requests: whether it is found says whether a next page exists.
        var query = new SymRunQuery
        {
            State = SymRunState.Pending, Limit = Math.Max(take + 1, SymRunQuery.DefaultLimit), RequestedBefore = cursor, BeforeRunId = beforeId,
        };
        while (true)
        {
            SymRun? last = null;
            int read = 0;
            await foreach (SymRun run in runs.QueryRunsAsync(query, cancellationToken).ConfigureAwait(false))
            {
                (last, read) = (run, read + 1);
                if (engine.CheckAction(run, user, SymRunAction.Approve).IsAllowed)
                {
                    page.Add(run);
                    if (page.Count > take)
                    {
                        break;
                    }
                }
            }

            if (page.Count > take || read < query.Limit)
            {
                break;
            }

            query = query.After(last!);
        }

        string? next = page.Count > take ? NextLink(http.Request, page[take - 1], null, limit) : null;
        return TypedResults.Json(new RunListResponse(ToResponses(page, take), next), ApiJsonContext.Default.RunListResponse);
    }

    private static async Task<IResult> GetAsync(HttpContext http, SymEngine engine, string id, CancellationToken cancellationToken)
    {
        (SymRun? run, IResult? problem) = await VisibleRunAsync(http, engine, id, cancellationToken).ConfigureAwait(false);
        return problem ?? TypedResults.Json(ApiMapping.ToResponse(run!), ApiJsonContext.Default.RunResponse);
    }

    private static async Task<IResult> AuditAsync(HttpContext http, SymEngine engine, string id, CancellationToken cancellationToken)
    {
        (SymRun? run, IResult? problem) = await VisibleRunAsync(http, engine, id, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var entries = new List<AuditEntryResponse>();
        await foreach (SymAuditEntry entry in engine.GetAuditAsync(new SymAuditQuery { RunId = run!.Id }, cancellationToken).ConfigureAwait(false))
        {
            entries.Add(ApiMapping.ToResponse(entry));
        }

        return TypedResults.Json(new AuditResponse(run.Id, entries), ApiJsonContext.Default.AuditResponse);
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

        if (body!.Duration is not { ValueKind: not JsonValueKind.Null } d || ParseDuration(d) is not { } extension)
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
            (SymActionStatus.Applied, _) => TypedResults.Json(Answer(result), ApiJsonContext.Default.ActionResponse),
            (SymActionStatus.Ignored, ActionVerdict.NotAllowed) => ApiProblems.Problem(StatusCodes.Status403Forbidden, "The action is not allowed.",
                // The engine told the actor what it found first (perhaps the state); the API says only that they may not.
                (result.Run is { } run ? engine.CheckAction(run, user, action).Message : null) ?? result.Message!, "SymApi:NOT_ALLOWED"),
            (SymActionStatus.Ignored, ActionVerdict.NotNow) =>
                ApiProblems.Problem(StatusCodes.Status409Conflict, "The request is not in a state for this action.", result.Message!, "SymApi:INVALID_STATE"),
            (SymActionStatus.Ignored, _) => ApiProblems.Problem(StatusCodes.Status403Forbidden, "The action is not allowed.", result.Message!, "SymApi:NOT_ALLOWED"),
            _ => ApiProblems.Problem(StatusCodes.Status500InternalServerError, "The flow failed.", result.Message!, SymErrorCodes.UserCodeFailed),
        };
    }

    /// <summary>Reads a run the caller may see (<see cref="SymEngine.CanRead"/>); 404 when there is none, 403 when it is not theirs to see.</summary>
    private static async Task<(SymRun? Run, IResult? Problem)> VisibleRunAsync(HttpContext http, SymEngine engine, string id, CancellationToken cancellationToken)
    {
        SymRun? run = await engine.GetRunAsync(id, cancellationToken).ConfigureAwait(false);
        if (run is null)
        {
            return (null, NotFound(id));
        }

        return engine.CanRead(run, ApiMapping.ToUser(http.User))
            ? (run, null)
            : (null, ApiProblems.Problem(StatusCodes.Status403Forbidden, "The run is not yours to see.",
                "Only the requester, those who acted on the run, those who may decide it while it is pending, and admins may read it.",
                "SymApi:NOT_ALLOWED"));
    }

    private static ActionResponse Answer(SymActionResult result) =>
        new(ApiMapping.StatusName(result.Status), result.Message, result.Run is null ? null : ApiMapping.ToResponse(result.Run));

    private static RunResponse[] ToResponses(List<SymRun> runs, int take)
    {
        var list = new RunResponse[Math.Min(take, runs.Count)];
        for (int i = 0; i < list.Length; i++)
        {
            list[i] = ApiMapping.ToResponse(runs[i]);
        }

        return list;
    }

    private static SymRunState? ParseState(string? state, Dictionary<string, string[]> errors)
    {
        if (state is null)
        {
            return null;
        }

        if (ApiMapping.TryParseState(state, out SymRunState s))
        {
            return s;
        }

        errors["state"] = [$"'{state}' is not a state (pending, escalating, active, deescalating, ended, denied, expired, cancelled, errored)."];
        return null;
    }

    // Bound as text and parsed here, so "limit=ten" answers like "limit=0" (a problem naming the parameter) instead of
    // the framework's bodiless 400.
    private static int ParseLimit(string? limit, Dictionary<string, string[]> errors)
    {
        if (limit is null)
        {
            return DefaultLimit;
        }

        if (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out int take) || take is < 1 or > MaxLimit)
        {
            errors["limit"] = [string.Create(CultureInfo.InvariantCulture, $"'{limit}' is not a limit: a whole number between 1 and {MaxLimit}.")];
            return DefaultLimit;
        }

        return take;
    }

    /// <summary>Reads the paging cursor: an ISO 8601 time with its offset, and optionally the id that breaks ties at that time.</summary>
    private static DateTimeOffset? ParseCursor(string? before, string? beforeId, Dictionary<string, string[]> errors)
    {
        DateTimeOffset? cursor = null;
        if (before is not null)
        {
            if (DateTimeOffset.TryParseExact(before, CursorFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset t))
            {
                cursor = t;
            }
            else
            {
                errors["before"] =
                [
                    $"'{before}' is not an ISO 8601 time with an offset, such as '2026-01-05T09:00:00Z' (a run's requestedAt; in a URL, write '+' as '%2B')."
                ];
            }
        }

        if (beforeId is not null && before is null)
        {
            errors["beforeId"] = ["'beforeId' breaks ties between runs requested at the same time: it needs 'before'."];
        }
        else if (beforeId is { Length: 0 })
        {
            errors["beforeId"] = ["'beforeId' is a run id; it cannot be empty."];
        }

        return cursor;
    }

    // ISO 8601 extended format with seconds, an optional fraction of up to 7 digits, and a zone ('Z' or ±hh:mm): what
    // System.Text.Json writes for requestedAt, and what a person types.
    private static readonly string[] CursorFormats = ["yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz"];

    /// <summary>The link to the page after <paramref name="last"/>: the same query, with the cursor moved to it.</summary>
    private static string NextLink(HttpRequest request, SymRun last, string? state, string? limit)
    {
        var parameters = new List<KeyValuePair<string, string?>>(4);
        if (state is not null)
        {
            parameters.Add(new("state", state));
        }

        if (limit is not null)
        {
            parameters.Add(new("limit", limit));
        }

        // UTC with 'Z', every tick kept: exact, and nothing in it needs escaping.
        parameters.Add(new("before", last.RequestedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture)));
        parameters.Add(new("beforeId", last.Id));
        return $"{request.PathBase}{request.Path}{QueryString.Create(parameters)}";
    }

    private static IResult InvalidQuery(Dictionary<string, string[]> errors) =>
        ApiProblems.Validation(errors, "The query is invalid.", "SymApi:INVALID_QUERY");

    private static TimeSpan? ParseDuration(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            return SymDuration.TryParse(value.GetString(), out TimeSpan d) && d > TimeSpan.Zero ? d : null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out long seconds) && seconds is > 0 and <= int.MaxValue
            ? TimeSpan.FromSeconds(seconds)
            : null;
    }

    private static IResult NotFound(string id) =>
        ApiProblems.Problem(StatusCodes.Status404NotFound, "No such run.", $"No run with id '{id}' exists.", SymErrorCodes.RunNotFound);

    /// <summary>Maps the engine's typed errors to problem answers.</summary>
    private static async ValueTask<object?> MapErrorsAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context).ConfigureAwait(false);
        }
        catch (SymRequestValidationException ex)
        {
            var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (SymFieldError e in ex.Errors)
            {
                if (!errors.TryGetValue(e.Field, out List<string>? list))
                {
                    errors[e.Field] = list = [];
                }

                list.Add(e.Message);
            }

            return ApiProblems.Validation(errors.ToDictionary(static kv => kv.Key, static kv => kv.Value.ToArray(), StringComparer.Ordinal), ex.Message, ex.ErrorCode);
        }
        catch (SymNotFoundException ex) when (ex.ErrorCode == SymErrorCodes.RunNotFound)
        {
            return ApiProblems.Problem(StatusCodes.Status404NotFound, "No such run.", ex.Message, ex.ErrorCode);
        }
        catch (SymException ex) when (ex.ErrorCode == SymErrorCodes.RunConflict)
        {
            return ApiProblems.Problem(StatusCodes.Status409Conflict, "The run changed concurrently.", ex.Message, ex.ErrorCode);
        }
        catch (SymException ex) when (ex.ErrorCode.StartsWith("Storage:", StringComparison.Ordinal))
        {
            // The store's message names its file and the operation: the log gets it, the caller gets the code.
            LogFailure(context.HttpContext, ex);
            IResult problem = ApiProblems.Problem(StatusCodes.Status503ServiceUnavailable, "The store is unavailable.",
                "The Sym store could not complete the request. Try again later; a decision that was already applied answers 409.", ex.ErrorCode);
            return ex.ErrorCode == "Storage:BUSY" ? new HeaderResult(problem, "Retry-After", "1") : problem;
        }
        catch (BadHttpRequestException ex)
        {
            // The server's own refusal of what it was sent (a body cut short, too slow, over its limit): its status, never
            // its exception, which error pages would show with the caller's headers.
            return ApiProblems.Problem(ex.StatusCode, "The request could not be read.",
                "The server could not read the request as sent.", "SymApi:BAD_REQUEST");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Anything else (a custom store's own exception, a bug): logged whole, answered without its message, which
            // may carry internals.
            LogFailure(context.HttpContext, ex);
            return ApiProblems.Problem(StatusCodes.Status500InternalServerError, "The request failed.",
                "The server failed while handling the request; the error is in its log.", "SymApi:INTERNAL_ERROR");
        }
    }

    private static void LogFailure(HttpContext http, Exception exception) =>
        HostingLog.ApiFailed(http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ApiEndpoints)), exception, http.Request.Path);

    /// <summary>A result with one more response header (<c>Location</c>, <c>Retry-After</c>).</summary>
    private sealed class HeaderResult(IResult inner, string name, string value) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers[name] = value;
            return inner.ExecuteAsync(httpContext);
        }
    }
}
