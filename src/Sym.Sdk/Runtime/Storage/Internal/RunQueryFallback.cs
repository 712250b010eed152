using System.Runtime.CompilerServices;

namespace Sym.Sdk.Runtime.Internal;

/// <summary>
/// <see cref="ISymRunStore.QueryRunsAsync"/> for a store that does not implement it: a scan of
/// <see cref="ISymRunStore.ListRunsAsync"/>, keeping only the page's worth of newest matches, so memory stays
/// O(<see cref="SymRunQuery.Limit"/>) while time is O(runs listed × log limit).
/// </summary>
internal static class RunQueryFallback
{
    public static async IAsyncEnumerable<SymRun> QueryAsync(
        ISymRunStore store, SymRunQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // A min-heap by result order: its root is the oldest run kept, the one a newer match pushes out.
        var kept = new PriorityQueue<SymRun, SymRun>(RunOrder.Ascending);
        await foreach (SymRun run in store.ListRunsAsync(query.State, cancellationToken).ConfigureAwait(false))
        {
            if (!query.Matches(run))
            {
                continue;
            }

            if (kept.Count < query.Limit)
            {
                kept.Enqueue(run, run);
            }
            else if (RunOrder.Compare(run, kept.Peek()) > 0)
            {
                kept.DequeueEnqueue(run, run);
            }
        }

        var page = new SymRun[kept.Count];
        for (int i = page.Length - 1; i >= 0; i--)
        {
            page[i] = kept.Dequeue();
        }

        foreach (SymRun run in page)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return run;
        }
    }
}
