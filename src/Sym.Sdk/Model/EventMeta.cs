namespace Sym.Sdk;

/// <summary>Metadata about an event document.</summary>
public sealed record EventMeta
{
    /// <summary>The version of Sym's event schema this event was written with.</summary>
    public int SchemaVersion { get; init; } = 4;

    /// <summary>What the parsed wire object held that the model does not (see <see cref="Serialization.SymEventJson"/>).</summary>
    internal Serialization.Internal.WireMembers? Wire { get; init; }
}
