using System.Text.Json;
using Sym.Sdk.Strategies;

namespace Sym.Sdk;

/// <summary>One request's run through a flow: who acted at each step, in what context, and what the strategy returned.</summary>
public sealed record Run
{
    /// <summary>The run's id (opaque).</summary>
    public required string Id { get; init; }

    /// <summary>The run's SRN, when it has one.</summary>
    public Srn? Srn { get; init; }

    /// <summary>The parent run's SRN (for example the flow-selection run), if any.</summary>
    public Srn? Parent { get; init; }

    /// <summary>The SRN of the flow the run belongs to, if known.</summary>
    public Srn? FlowSrn { get; init; }

    /// <summary>The user who acted at each step so far, by step name (<c>prompt</c>, <c>request</c>, <c>approve</c>, …).</summary>
    public IReadOnlyDictionary<string, User> Actors { get; init; } = EmptyDictionary<User>.Instance;

    /// <summary>Extra context recorded for each step so far, by step name.</summary>
    public IReadOnlyDictionary<string, JsonElement> Contexts { get; init; } = EmptyDictionary<JsonElement>.Instance;

    /// <summary>The strategy's output for each step that produced one (<c>escalate</c>, <c>deescalate</c>).</summary>
    public IReadOnlyDictionary<string, StrategyOutput> Outputs { get; init; } = EmptyDictionary<StrategyOutput>.Instance;

    /// <summary>Where the request came from, for example <c>slack</c> or <c>api</c>.</summary>
    public string? SourceChannel { get; init; }

    /// <summary>What the parsed wire object held that the model does not (see <see cref="Serialization.SymEventJson"/>).</summary>
    internal Serialization.Internal.WireMembers? Wire { get; init; }
}
