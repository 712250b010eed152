using System.Globalization;
using Microsoft.AspNetCore.Http;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Hosting.Internal.Console;

/// <summary>
/// Paging as the API does: newest first, one page at a time, continued by the last run's request time and id
/// (<c>before</c>, <c>beforeId</c>); a "Next page" link while more remain.
/// </summary>
internal static class RunPaging
{
    public static (DateTimeOffset? Before, string? BeforeId) Cursor(HttpRequest request)
    {
        string? before = request.Query["before"];
        string? beforeId = request.Query["beforeId"];
        return DateTimeOffset.TryParse(before, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset t)
            ? (t, beforeId is { Length: > 0 } ? beforeId : null)
            : (null, null);
    }

    /// <summary>
    /// Reads up to one page of runs matching <paramref name="query"/> and <paramref name="keep"/>, and one more to know
    /// whether a next page exists; <paramref name="stop"/> ends the reading (a run older than a "from" filter).
    /// </summary>
    public static async Task<(List<SymRun> Page, bool More)> ReadAsync(
        ISymRunStore runs, SymRunQuery query, int take, Func<SymRun, bool>? keep, Func<SymRun, bool>? stop, CancellationToken cancellationToken)
    {
        var page = new List<SymRun>(Math.Min(take + 1, 64));
        query = query with { Limit = Math.Min(SymRunQuery.MaxLimit, Math.Max(take + 1, SymRunQuery.DefaultLimit)) };
        while (true)
        {
            SymRun? last = null;
            int read = 0;
            await foreach (SymRun run in runs.QueryRunsAsync(query, cancellationToken).ConfigureAwait(false))
            {
                (last, read) = (run, read + 1);
                if (stop?.Invoke(run) == true)
                {
                    return (page, false);
                }

                if (keep is null || keep(run))
                {
                    page.Add(run);
                    if (page.Count > take)
                    {
                        page.RemoveAt(take);
                        return (page, true);
                    }
                }
            }

            if (read < query.Limit)
            {
                return (page, false);
            }

            query = query.After(last!);
        }
    }

    /// <summary>The link to the page after the last run of <paramref name="page"/>, keeping the other query parameters.</summary>
    public static Markup NextLink(HttpRequest request, List<SymRun> page, bool more)
    {
        if (!more || page.Count == 0)
        {
            return Markup.Empty;
        }

        SymRun last = page[^1];
        var parameters = request.Query.Where(static kv => kv.Key is not ("before" or "beforeId"))
            .Select(static kv => new KeyValuePair<string, string?>(kv.Key, kv.Value.ToString())).ToList();
        parameters.Add(new("before", last.RequestedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture)));
        parameters.Add(new("beforeId", last.Id));
        return new Html().Add($"<nav class=\"paging\" aria-label=\"Pages\"><a href=\"{request.PathBase}{request.Path}{QueryString.Create(parameters)}\" rel=\"next\">Next page</a></nav>").ToMarkup();
    }
}
