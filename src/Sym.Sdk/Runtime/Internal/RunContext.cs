using Sym.Sdk.Flows.Internal;

namespace Sym.Sdk.Runtime.Internal;

/// <summary>The state of one action on one run while the engine holds the run's lock.</summary>
internal sealed class RunContext(FlowDefinition flow, SymRun run, bool stored, CancellationToken cancellationToken)
{
    public FlowDefinition Flow { get; } = flow;

    /// <summary>The latest snapshot this action wrote or read.</summary>
    public SymRun Run { get; set; } = run;

    /// <summary>Whether <see cref="Run"/> is in the store (false while a request is being created).</summary>
    public bool Stored { get; set; } = stored;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    public long NextVersion => Run.Version + 1;
}
