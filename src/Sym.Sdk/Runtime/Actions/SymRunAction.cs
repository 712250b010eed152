namespace Sym.Sdk.Runtime;

/// <summary>An action a person takes on a run, as <see cref="SymEngine.GetRefusal"/> checks it.</summary>
public enum SymRunAction
{
    /// <summary>Approve a pending request (<see cref="SymEngine.ApproveAsync"/>).</summary>
    Approve,

    /// <summary>Deny a pending request (<see cref="SymEngine.DenyAsync"/>).</summary>
    Deny,

    /// <summary>Cancel a pending request (<see cref="SymEngine.CancelAsync"/>).</summary>
    Cancel,

    /// <summary>Revoke active access early (<see cref="SymEngine.RevokeAsync"/>).</summary>
    Revoke,

    /// <summary>Give up one's own active access (<see cref="SymEngine.RelinquishAsync"/>).</summary>
    Relinquish,

    /// <summary>Ask to extend one's own active access (<see cref="SymEngine.ExtendAsync"/>).</summary>
    Extend,

    /// <summary>Approve a pending extension (<see cref="SymEngine.ApproveExtensionAsync"/>).</summary>
    ApproveExtension,

    /// <summary>Deny a pending extension (<see cref="SymEngine.DenyExtensionAsync"/>).</summary>
    DenyExtension,
}
