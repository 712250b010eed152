using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Hosting.Internal.Api;

/// <summary>The requests resource: POST requests (make one), GET requests (the caller's, paged), GET requests/{id}.</summary>
internal static class ApiRequestEndpoints
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapPost("/requests", CreateAsync);
        group.MapGet("/requests", ListMineAsync);
        group.MapGet("/requests/{id}", GetAsync);
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
            duration = ApiParsing.ParseDuration(d);
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
            Context = body.Context,
            SourceChannel = "api",
        };
        SymActionResult result = await engine.RequestAsync(request, cancellationToken).ConfigureAwait(false);

        switch (result.Status)
        {
            case SymActionStatus.Applied:
                IResult created = TypedResults.Json(ApiMapping.ToResponse(result), ApiJsonContext.Default.ActionResponse, statusCode: StatusCodes.Status201Created);
                return result.Run is { } run
                    ? new ApiHeaderResult(created, "Location", $"{http.Request.PathBase}{http.Request.Path}/{Uri.EscapeDataString(run.Id)}")
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
        SymRunState? filter = ApiParsing.ParseState(state, errors);
        int take = ApiParsing.ParseLimit(limit, errors);
        DateTimeOffset? cursor = ApiParsing.ParseCursor(before, beforeId, errors);
        if (errors.Count > 0)
        {
            return ApiParsing.InvalidQuery(errors);
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

        string? next = page.Count > take ? ApiPaging.NextLink(http.Request, page[take - 1], state, limit) : null;
        return TypedResults.Json(new RunListResponse(ApiPaging.ToResponses(page, take), next), ApiJsonContext.Default.RunListResponse);
    }

    private static async Task<IResult> GetAsync(HttpContext http, SymEngine engine, string id, CancellationToken cancellationToken)
    {
        (SymRun? run, IResult? problem) = await ApiRunAccess.VisibleRunAsync(http, engine, id, cancellationToken).ConfigureAwait(false);
        return problem ?? TypedResults.Json(ApiMapping.ToResponse(run!), ApiJsonContext.Default.RunResponse);
    }
}
