namespace Sym.Sdk.Runtime;

/// <summary>
/// The append-only audit log. Entries are appended only by <see cref="ISymRunStore.CommitAsync"/>, with the step they
/// record, and never changed or removed.
/// </summary>
public interface ISymAuditLog
{
    /// <summary>Reads entries matching a query, oldest first.</summary>
    /// <param name="query">The query.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The entries.</returns>
    IAsyncEnumerable<SymAuditEntry> QueryAuditAsync(SymAuditQuery query, CancellationToken cancellationToken = default);
}
