using Sym.Sdk;
using Sym.Sdk.Strategies;

namespace SymTemplate.Access;

/// <summary>
/// The strategy of an approval-only flow: it grants and revokes nothing and reports both as done. The Sym engine runs
/// every flow through a strategy (a flow without one is refused at start with <c>SymSDK:INVALID_FLOW</c>), so an
/// approval-only flow has this minimal one. What the flow gives you is the record: who asked, for what and why, who
/// approved, when it expired or was revoked, all in the audit trail. Replace it with a real strategy (or call your
/// systems here) when an approval should change access.
/// </summary>
public sealed class ApprovalOnlyStrategy : AccessStrategy
{
    /// <inheritdoc />
    public override ValueTask<string?> FetchRemoteIdentityAsync(User user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new(user.Email);
    }

    /// <inheritdoc />
    public override ValueTask<StrategyOutput?> EscalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default) =>
        new(StrategyOutput.Applied());

    /// <inheritdoc />
    public override ValueTask<StrategyOutput?> DeescalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default) =>
        new(StrategyOutput.Applied());
}
