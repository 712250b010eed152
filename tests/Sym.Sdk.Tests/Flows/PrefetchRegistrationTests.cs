using Sym.Sdk.Flows;
using Sym.Sdk.Flows.Internal;
using Sym.Sdk.Forms;
using Sym.Sdk.Tests.Runtime;

namespace Sym.Sdk.Tests.Flows;

/// <summary>Per-field prefetch reducers (<c>FlowImplementation.PrefetchField</c>) and target field bindings are checked when the flow is registered.</summary>
public sealed class PrefetchRegistrationTests
{
    private sealed class Registering : FlowImplementation
    {
        public Registering(params string[] fields)
        {
            foreach (string field in fields)
            {
                PrefetchField(field, static (_, _) => new([new FieldOption("x")]));
            }
        }
    }

    private static FlowOptions Options()
    {
        var o = new FlowOptions { AllowedDurations = { "1h" } };
        o.Fields.Add(new PromptFieldOptions { Name = "repo", Prefetch = true });
        o.Fields.Add(new PromptFieldOptions { Name = "team", Prefetch = true });
        o.Fields.Add(new PromptFieldOptions { Name = "note" });
        return o;
    }

    private static Func<FlowDefinition> Create(FlowImplementation implementation, FlowOptions? options = null) =>
        () => FlowDefinition.Create("gh", "Sym:Flows:gh", options ?? Options(), implementation, new RecordingStrategy());

    [Fact]
    public void Create_OneReducerPerPrefetchField_IsValidAndKeepsThem()
    {
        FlowDefinition flow = Create(new Registering("repo", "team"))();

        flow.Prefetchers.Keys.Should().BeEquivalentTo(["repo", "team"]);
    }

    [Fact]
    public void Create_NoPerFieldReducers_KeepsTheAllFieldsMethodWorking()
    {
        FlowDefinition flow = Create(new Registering())();

        flow.Prefetchers.Should().BeEmpty();
    }

    [Fact]
    public void Create_EveryMistake_IsInvalidFlowNamingFlowAndField()
    {
        SymException error = Create(new Registering("repo", "repo", "nope", "note")).Should().Throw<SymException>().Which;

        error.ErrorCode.Should().Be(SymErrorCodes.InvalidFlow);
        error.Message.Should().Contain("Flow 'gh' registers two prefetch reducers for field 'repo'; register one.")
            .And.Contain("Flow 'gh' registers a prefetch reducer for field 'nope', which the flow does not have.")
            .And.Contain("Flow 'gh' registers a prefetch reducer for field 'note', which is not marked Prefetch.")
            .And.Contain("Flow 'gh': field 'team' is marked Prefetch but has no prefetch reducer (register one with PrefetchField(\"team\", …)).");
    }

    [Fact]
    public void Validate_FieldBindings_MustNameAScalarFieldOfTheFlowOnce()
    {
        FlowOptions o = Options();
        o.Fields.Add(new PromptFieldOptions { Name = "tags", Type = "str_list" });
        o.Targets.Add(new AccessTargetOptions { Name = "t", FieldBindings = { "repo", "missing", "tags", "repo", " " } });

        FlowOptionsValidation.Validate("Sym:Flows:gh", o).Should().Equal(
            "Sym:Flows:gh:Targets:0:FieldBindings:1 'missing' is not a prompt field of the flow; a target binds fields the request form has.",
            "Sym:Flows:gh:Targets:0:FieldBindings:2 'tags' is a str_list field; a target setting binds a string, int or bool field.",
            "Sym:Flows:gh:Targets:0:FieldBindings:3 'repo' is bound twice.",
            "Sym:Flows:gh:Targets:0:FieldBindings:4 is empty.");
    }
}
