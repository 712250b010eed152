using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sym.Sdk.Flows;
using Sym.Sdk.Forms;
using Sym.Sdk.Runtime;
using Sym.Sdk.Runtime.Internal;

namespace Sym.Sdk.Hosting.Internal.Api;

/// <summary>
/// The JSON API over the engine. Every decision is the engine's: an action it ignores answers 403 with its message
/// (or 409 when the run is no longer in a state for it); invalid requests answer 400 with its field errors.
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
        group.AddEndpointFilter(MapErrorsAsync);
        group.MapPost("/requests", CreateAsync);
        group.MapGet("/requests", ListMineAsync);
        group.MapGet("/requests/{id}", GetAsync);
        group.MapGet("/requests/{id}/audit", AuditAsync);
        group.MapPost("/requests/{id}/approve", static (HttpContext http, SymEngine engine, string id, CancellationToken ct) =>
            ActAsync(http, id, SymRunState.Pending, (user, reason) => engine.ApproveAsync(id, user, reason, ct), ct));
        group.MapPost("/requests/{id}/deny", static (HttpContext http, SymEngine engine, string id, CancellationToken ct) =>
            ActAsync(http, id, SymRunState.Pending, (user, reason) => engine.DenyAsync(id, user, reason, ct), ct));
        group.MapPost("/requests/{id}/cancel", static (HttpContext http, SymEngine engine, string id, CancellationToken ct) =>
            ActAsync(http, id, SymRunState.Pending, (user, _) => engine.CancelAsync(id, user, ct), ct));
        group.MapPost("/requests/{id}/revoke", static (HttpContext http, SymEngine engine, string id, CancellationToken ct) =>
            ActAsync(http, id, SymRunState.Active, (user, reason) => engine.RevokeAsync(id, user, reason, ct), ct));
        group.MapPost("/requests/{id}/relinquish", static (HttpContext http, SymEngine engine, string id, CancellationToken ct) =>
            ActAsync(http, id, SymRunState.Active, (user, _) => engine.RelinquishAsync(id, user, ct), ct));
        group.MapGet("/approvals", PendingApprovalsAsync);
        return group;
    }

    private static async Task<IResult> CreateAsync(HttpContext http, SymEngine engine, CancellationToken cancellationToken)
    {
        (CreateRequestBody? body, IResult? problem) = await ReadAsync(http, ApiJsonContext.Default.CreateRequestBody, required: true, cancellationToken)
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
        SymActionResult result;
        try
        {
            result = await engine.RequestAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (SymNotFoundException ex) when (ex.ErrorCode == "SymSDK:FLOW_NOT_FOUND")
        {
            return ApiProblems.Validation(new Dictionary<string, string[]>(1) { ["flow"] = [ex.Message] }, ex.Message, ex.ErrorCode);
        }

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
                return ApiProblems.Problem(StatusCodes.Status500InternalServerError, "The flow failed.", result.Message!, "SymSDK:USER_CODE_FAILED");
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
        HttpContext http, ISymRunStore runs, IOptionsMonitor<FlowOptions> flows, SymEngine engine, string? limit, string? before, string? beforeId,
        CancellationToken cancellationToken)
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
                if (engine.Flows.Contains(run.Flow) && MayDecide(run, user, flows.Get(run.Flow)) && !Authorizer.Contains(run.Approvals, user))
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

    private static async Task<IResult> GetAsync(HttpContext http, SymEngine engine, IOptionsMonitor<FlowOptions> flows, string id, CancellationToken cancellationToken)
    {
        (SymRun? run, IResult? problem) = await VisibleRunAsync(http, engine, flows, id, cancellationToken).ConfigureAwait(false);
        return problem ?? TypedResults.Json(ApiMapping.ToResponse(run!), ApiJsonContext.Default.RunResponse);
    }

    private static async Task<IResult> AuditAsync(HttpContext http, SymEngine engine, IOptionsMonitor<FlowOptions> flows, string id, CancellationToken cancellationToken)
    {
        (SymRun? run, IResult? problem) = await VisibleRunAsync(http, engine, flows, id, cancellationToken).ConfigureAwait(false);
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

    private static async Task<IResult> ActAsync(
        HttpContext http, string id, SymRunState expected, Func<User, string?, Task<SymActionResult>> act, CancellationToken cancellationToken)
    {
        (DecisionBody? body, IResult? problem) = await ReadAsync(http, ApiJsonContext.Default.DecisionBody, required: false, cancellationToken)
            .ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        SymActionResult result = await act(ApiMapping.ToUser(http.User), body?.Reason).ConfigureAwait(false);
        return result.Status switch
        {
            SymActionStatus.Applied => TypedResults.Json(Answer(result), ApiJsonContext.Default.ActionResponse),
            SymActionStatus.Ignored when result.Run is { } run && run.State != expected =>
                ApiProblems.Problem(StatusCodes.Status409Conflict, "The request is not in a state for this action.", result.Message!, "SymApi:INVALID_STATE"),
            SymActionStatus.Ignored => ApiProblems.Problem(StatusCodes.Status403Forbidden, "The action is not allowed.", result.Message!, "SymApi:NOT_ALLOWED"),
            _ => ApiProblems.Problem(StatusCodes.Status500InternalServerError, "The flow failed.", result.Message!, "SymSDK:USER_CODE_FAILED"),
        };
    }

    /// <summary>Reads a run the caller may see: its requester, anyone who acted on it, who may decide it, or an admin.</summary>
    private static async Task<(SymRun? Run, IResult? Problem)> VisibleRunAsync(
        HttpContext http, SymEngine engine, IOptionsMonitor<FlowOptions> flows, string id, CancellationToken cancellationToken)
    {
        SymRun? run = await engine.GetRunAsync(id, cancellationToken).ConfigureAwait(false);
        if (run is null)
        {
            return (null, NotFound(id));
        }

        User user = ApiMapping.ToUser(http.User);
        bool visible = user.Role == UserRole.Admin
            || run.Requester == user
            || Authorizer.Contains(run.Approvals, user)
            || Authorizer.Contains(run.Denials, user)
            || run.Actors.Values.Any(a => a == user)
            || (run.State == SymRunState.Pending && engine.Flows.Contains(run.Flow) && MayDecide(run, user, flows.Get(run.Flow)));
        return visible
            ? (run, null)
            : (null, ApiProblems.Problem(StatusCodes.Status403Forbidden, "The run is not yours to see.",
                "Only the requester, the run's approvers, those who may decide it and admins may read it.", "SymApi:NOT_ALLOWED"));
    }

    /// <summary>Whether the engine would let <paramref name="user"/> approve <paramref name="run"/> (its own rules, read-only).</summary>
    private static bool MayDecide(SymRun run, User user, FlowOptions options) =>
        (user.Role != UserRole.Guest || options.AllowGuestInteraction) && Authorizer.EffectivePermission(run).Admits(user, run.Requester);

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

    private static async Task<(T? Body, IResult? Problem)> ReadAsync<T>(
        HttpContext http, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo, bool required, CancellationToken cancellationToken)
        where T : class
    {
        if (!http.Request.HasJsonContentType())
        {
            if (!required && http.Request.ContentLength is null or 0)
            {
                return (null, null);
            }

            return (null, ApiProblems.Problem(StatusCodes.Status415UnsupportedMediaType, "The body must be JSON.",
                "Send 'Content-Type: application/json'.", "SymApi:UNSUPPORTED_MEDIA_TYPE"));
        }

        try
        {
            T? body = await http.Request.ReadFromJsonAsync(typeInfo, cancellationToken).ConfigureAwait(false);
            return body is null && required
                ? (null, ApiProblems.Problem(StatusCodes.Status400BadRequest, "The body is empty.", "Send a JSON object.", "SymApi:INVALID_BODY"))
                : (body, null);
        }
        catch (JsonException ex)
        {
            return (null, ApiProblems.Problem(StatusCodes.Status400BadRequest, "The body is not valid JSON for this endpoint.",
                ex.Path is null ? "The JSON could not be read." : $"The JSON could not be read at {ex.Path}.", "SymApi:INVALID_BODY"));
        }
    }

    private static IResult NotFound(string id) =>
        ApiProblems.Problem(StatusCodes.Status404NotFound, "No such run.", $"No run with id '{id}' exists.", "SymSDK:RUN_NOT_FOUND");

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
        catch (SymNotFoundException ex) when (ex.ErrorCode == "SymSDK:RUN_NOT_FOUND")
        {
            return ApiProblems.Problem(StatusCodes.Status404NotFound, "No such run.", ex.Message, ex.ErrorCode);
        }
        catch (SymException ex) when (ex.ErrorCode == "SymSDK:RUN_CONFLICT")
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
        catch (Exception ex) when (ex is not OperationCanceledException and not BadHttpRequestException)
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
