using Sym.Sdk;
using Sym.Sdk.Strategies;

namespace SymTemplate.Service;

/// <summary>
/// A strategy that grants and revokes nothing, so the service runs as generated: the engine refuses a flow without a
/// strategy. Replace it in <c>Sym:Flows:access:Strategy:Type</c> with yours (registered with <c>AddStrategy</c>) or a
/// shipped one (<c>okta</c>, <c>aws_iam</c>, <c>aws_sso</c>, <c>aws_lambda</c>).
/// </summary>
internal sealed class RecordOnlyStrategy : AccessStrategy
{
    /// <summary>The strategy's type name in configuration.</summary>
    public const string TypeName = "record_only";

    public override ValueTask<string?> FetchRemoteIdentityAsync(User user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new(user.Email);
    }

    public override ValueTask<StrategyOutput?> EscalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default) =>
        new(StrategyOutput.Applied());

    public override ValueTask<StrategyOutput?> DeescalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default) =>
        new(StrategyOutput.Applied());
}
