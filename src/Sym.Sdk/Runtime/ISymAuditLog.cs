namespace Sym.Sdk.Runtime;

/// <summary>The append-only audit log. Entries are never changed or removed.</summary>
public interface ISymAuditLog
{
    /// <summary>Appends an entry; the store assigns <see cref="SymAuditEntry.Sequence"/>.</summary>
    /// <param name="entry">The entry.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The stored entry.</returns>
    ValueTask<SymAuditEntry> AppendAuditAsync(SymAuditEntry entry, CancellationToken cancellationToken = default);

    /// <summary>Reads entries matching a query, oldest first.</summary>
    /// <param name="query">The query.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The entries.</returns>
    IAsyncEnumerable<SymAuditEntry> QueryAuditAsync(SymAuditQuery query, CancellationToken cancellationToken = default);
}
