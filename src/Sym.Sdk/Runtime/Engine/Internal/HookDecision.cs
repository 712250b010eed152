using Sym.Sdk.Templates;

namespace Sym.Sdk.Runtime.Internal;

internal enum HookDecisionKind
{
    Continue,
    Ignore,
    Redirect,
    Failed,
}

/// <summary>What an On… hook decided, after the engine checked it (steps only move forward).</summary>
internal readonly record struct HookDecision(HookDecisionKind Kind, ApprovalTemplateStep Step = default, string? Message = null)
{
    public static HookDecision Continue(string? reason = null) => new(HookDecisionKind.Continue, default, reason);
}
