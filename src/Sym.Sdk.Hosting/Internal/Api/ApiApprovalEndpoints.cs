using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Hosting.Internal.Api;

/// <summary>Approvals: GET approvals, the pending runs the caller may decide.</summary>
internal static class ApiApprovalEndpoints
{
    public static void Map(RouteGroupBuilder group) => group.MapGet("/approvals", PendingApprovalsAsync);

    /// <summary>
    /// GET approvals: pending runs the caller may decide and has not voted on, newest first, paged like GET requests
    /// (<c>before</c>/<c>beforeId</c>, and <c>next</c> while more remain). Who may decide is per flow and per run, so the
    /// store's pending runs are read in pages from its state index and filtered here; reading stops once the page is full.
    /// </summary>
    private static async Task<IResult> PendingApprovalsAsync(
        HttpContext http, ISymRunStore runs, SymEngine engine, string? limit, string? before, string? beforeId, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        int take = ApiParsing.ParseLimit(limit, errors);
        DateTimeOffset? cursor = ApiParsing.ParseCursor(before, beforeId, errors);
        if (errors.Count > 0)
        {
            return ApiParsing.InvalidQuery(errors);
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

        string? next = page.Count > take ? ApiPaging.NextLink(http.Request, page[take - 1], null, limit) : null;
        return TypedResults.Json(new RunListResponse(ApiPaging.ToResponses(page, take), next), ApiJsonContext.Default.RunListResponse);
    }
}
