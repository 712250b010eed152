using Sym.Sdk.Forms;

namespace Sym.Sdk;

/// <summary>The flow an event belongs to, as hooks and strategies see it.</summary>
public sealed record Flow
{
    /// <summary>The flow's name, for example <c>custom_access</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The flow's SRN, when it has one.</summary>
    public Srn? Srn { get; init; }

    /// <summary>The label people see.</summary>
    public string? Label { get; init; }

    /// <summary>The prompt fields of the request form.</summary>
    public IReadOnlyList<PromptField> Fields { get; init; } = [];

    /// <summary>The flow's variables (Sym's <c>flow_vars</c>), for example <c>request_channel</c>.</summary>
    public IReadOnlyDictionary<string, string> Vars { get; init; } = EmptyDictionary<string>.Instance;

    /// <summary>The environment the flow runs in.</summary>
    public SymEnvironment Environment { get; init; } = new();

    /// <summary>The flow's strategy, if it has one.</summary>
    public Strategy? Strategy { get; init; }
}
