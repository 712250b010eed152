using System.Globalization;
using Microsoft.AspNetCore.Http;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Hosting.Internal.Api;

/// <summary>
/// The paging of run listings: a page is read one run longer than asked, and that extra run says a next page exists,
/// whose link carries the cursor (<c>before</c>, <c>beforeId</c>) of the page's last run.
/// </summary>
internal static class ApiPaging
{
    /// <summary>The first <paramref name="take"/> runs of a page as answers.</summary>
    public static RunResponse[] ToResponses(List<SymRun> runs, int take)
    {
        var list = new RunResponse[Math.Min(take, runs.Count)];
        for (int i = 0; i < list.Length; i++)
        {
            list[i] = ApiMapping.ToResponse(runs[i]);
        }

        return list;
    }

    /// <summary>The link to the page after <paramref name="last"/>: the same query, with the cursor moved to it.</summary>
    public static string NextLink(HttpRequest request, SymRun last, string? state, string? limit)
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
}
