using Sym.Sdk.Forms;

namespace Sym.Sdk.Runtime;

/// <summary>The result of opening a flow's request form: the form to show, or why it may not be opened.</summary>
public sealed record SymPromptResult
{
    /// <summary>Whether the form may be shown (<see cref="SymActionStatus.Applied"/>), was refused, or failed.</summary>
    public required SymActionStatus Status { get; init; }

    /// <summary>The form, with prefetched options filled in; <see langword="null"/> unless <see cref="Status"/> is Applied.</summary>
    public PromptForm? Form { get; init; }

    /// <summary>What the user was told when the form was refused or failed.</summary>
    public string? Message { get; init; }
}
