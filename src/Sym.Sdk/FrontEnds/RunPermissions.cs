using Sym.Sdk.Runtime;

namespace Sym.Sdk.FrontEnds;

/// <summary>
/// What one person may do with one run now (<see cref="SymEngine.GetRunPermissions"/>): whether they may read it, and
/// each action's check, so a front end shows the buttons that would work and hides the rest.
/// </summary>
public sealed record RunPermissions
{
    /// <summary>The run's id.</summary>
    public required string RunId { get; init; }

    /// <summary>Whether the person may read the run and its audit trail (<see cref="SymEngine.CanRead"/>).</summary>
    public required bool CanRead { get; init; }

    /// <summary>Whether the person may view the run (<see cref="SymEngine.CanView"/>, Sym's <c>webapp_view</c>); the same answer as <see cref="CanRead"/>.</summary>
    public bool CanView => CanRead;

    /// <summary>Every action's check, one per <see cref="SymRunAction"/>, in the enum's order.</summary>
    public required IReadOnlyList<ActionCheck> Actions { get; init; }

    /// <summary>The actions the engine's rules admit now.</summary>
    public IEnumerable<SymRunAction> AllowedActions => Actions.Where(static c => c.IsAllowed).Select(static c => c.Action);

    /// <summary>The check of <paramref name="action"/>.</summary>
    /// <param name="action">The action.</param>
    /// <returns>Its check.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="action"/> is not one of <see cref="Actions"/>.</exception>
    public ActionCheck For(SymRunAction action)
    {
        foreach (ActionCheck check in Actions)
        {
            if (check.Action == action)
            {
                return check;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(action), action, "Not a run action.");
    }
}
