namespace Sym.Sdk;

/// <summary>The template a flow runs, for example Sym's approval template.</summary>
public sealed record EventTemplate
{
    /// <summary>The approval template (<c>sym:template:approval:1.0.0</c>).</summary>
    public static EventTemplate Approval { get; } = new() { Name = "approval", Srn = new Srn("sym", "template", "approval", "1.0.0") };

    /// <summary>The template's name, for example <c>approval</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The template's SRN.</summary>
    public Srn? Srn { get; init; }
}
