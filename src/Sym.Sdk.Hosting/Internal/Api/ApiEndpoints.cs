using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
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
                    ? new LocatedResult(created, $"{http.Request.PathBase}{http.Request.Path}/{Uri.EscapeDataString(run.Id)}")
                    : created;
            case SymActionStatus.Ignored:
                return ApiProblems.Problem(StatusCodes.Status403Forbidden, "The request was refused.", result.Message!, "SymApi:NOT_ALLOWED");
            default:
                return ApiProblems.Problem(StatusCodes.Status500InternalServerError, "The flow failed.", result.Message!, "SymSDK:USER_CODE_FAILED");
        }
    }

    private static async Task<IResult> ListMineAsync(HttpContext http, ISymRunStore runs, string? state, int? limit, CancellationToken cancellationToken)
    {
        if (ParseListQuery(state, limit, out SymRunState? filter, out int take) is { } problem)
        {
            return problem;
        }

        User user = ApiMapping.ToUser(http.User);
        var mine = new List<SymRun>();
        await foreach (SymRun run in runs.ListRunsAsync(filter, cancellationToken).ConfigureAwait(false))
        {
            if (run.Requester == user)
            {
                mine.Add(run);
            }
        }

        mine.Sort(static (a, b) => b.RequestedAt.CompareTo(a.RequestedAt));
        return TypedResults.Json(new RunListResponse(ToResponses(mine, take)), ApiJsonContext.Default.RunListResponse);
    }

    private static async Task<IResult> PendingApprovalsAsync(
        HttpContext http, ISymRunStore runs, IOptionsMonitor<FlowOptions> flows, SymEngine engine, int? limit, CancellationToken cancellationToken)
    {
        if (ParseListQuery(null, limit, out _, out int take) is { } problem)
        {
            return problem;
        }

        User user = ApiMapping.ToUser(http.User);
        var pending = new List<SymRun>();
        await foreach (SymRun run in runs.ListRunsAsync(SymRunState.Pending, cancellationToken).ConfigureAwait(false))
        {
            if (engine.Flows.Contains(run.Flow) && MayDecide(run, user, flows.Get(run.Flow)) && !Authorizer.Contains(run.Approvals, user))
            {
                pending.Add(run);
            }
        }

        pending.Sort(static (a, b) => a.RequestedAt.CompareTo(b.RequestedAt));
        return TypedResults.Json(new RunListResponse(ToResponses(pending, take)), ApiJsonContext.Default.RunListResponse);
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

    private static IResult? ParseListQuery(string? state, int? limit, out SymRunState? filter, out int take)
    {
        filter = null;
        take = limit ?? DefaultLimit;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (state is not null)
        {
            if (ApiMapping.TryParseState(state, out SymRunState s))
            {
                filter = s;
            }
            else
            {
                errors["state"] = [$"'{state}' is not a state (pending, escalating, active, deescalating, ended, denied, expired, cancelled, errored)."];
            }
        }

        if (take is < 1 or > MaxLimit)
        {
            errors["limit"] = [string.Create(CultureInfo.InvariantCulture, $"The limit must be between 1 and {MaxLimit}.")];
        }

        return errors.Count == 0 ? null : ApiProblems.Validation(errors, "The query is invalid.", "SymApi:INVALID_QUERY");
    }

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
    }

    /// <summary>A result with a <c>Location</c> header.</summary>
    private sealed class LocatedResult(IResult inner, string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.Location = location;
            return inner.ExecuteAsync(httpContext);
        }
    }
}
