using System.Runtime.CompilerServices;
using Sym.Sdk.Runtime.Internal;
using Sym.Sdk.Templates;

namespace Sym.Sdk.Runtime;

/// <content>Reading the audit log: queries, event counts, JSON-lines export.</content>
public sealed partial class SymEngine
{
    /// <summary>Reads the audit log, oldest first.</summary>
    /// <param name="query">Which entries; by run, user, target, flow, step, outcome and time.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The entries.</returns>
    public IAsyncEnumerable<SymAuditEntry> GetAuditAsync(SymAuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return _store.QueryAuditAsync(query, cancellationToken);
    }

    /// <summary>
    /// How many times a user caused a step that took effect in a period (Sym's <c>User.get_event_count</c>), for example
    /// how many requests they made this week.
    /// </summary>
    /// <param name="user">The user whose events to count (as the actor).</param>
    /// <param name="step">The step, for example <see cref="ApprovalTemplateStep.Request"/>.</param>
    /// <param name="since">From this time (inclusive), or <see langword="null"/> for the beginning.</param>
    /// <param name="until">Until this time (exclusive), or <see langword="null"/> for now.</param>
    /// <param name="filterOn">Only events of this flow and/or target, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The count.</returns>
    public async Task<int> GetEventCountAsync(User user, ApprovalTemplateStep step, DateTimeOffset? since = null, DateTimeOffset? until = null,
        SymEventFilter? filterOn = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentException.ThrowIfNullOrEmpty(step.Name, nameof(step));
        var query = new SymAuditQuery
        {
            Step = step.Name, Since = since, Until = until, Flow = filterOn?.Flow, Target = filterOn?.Target,
        };
        int count = 0;
        await foreach (SymAuditEntry entry in _store.QueryAuditAsync(query, cancellationToken).ConfigureAwait(false))
        {
            if (entry.Outcome is SymAuditOutcome.Applied or SymAuditOutcome.NoOp
                && string.Equals(entry.Actor, user.Username, StringComparison.OrdinalIgnoreCase))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Writes audit entries as JSON lines (one JSON object per line, UTF-8), oldest first.</summary>
    /// <param name="destination">The stream to write to; left open.</param>
    /// <param name="query">Which entries, or <see langword="null"/> for all.</param>
    /// <param name="cancellationToken">Cancels the export.</param>
    /// <returns>How many entries were written.</returns>
    public Task<int> ExportAuditJsonLinesAsync(Stream destination, SymAuditQuery? query = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        return AuditJsonLines.WriteAsync(_store.QueryAuditAsync(query ?? new SymAuditQuery(), cancellationToken), destination, cancellationToken);
    }
}
