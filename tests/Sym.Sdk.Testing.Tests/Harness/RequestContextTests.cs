using Microsoft.Extensions.DependencyInjection;
using Sym.Sdk.Flows;
using Sym.Sdk.Runtime;
using Sym.Sdk.Strategies;
using Sym.Sdk.Templates;
using static Sym.Sdk.Testing.Tests.Harness.People;

namespace Sym.Sdk.Testing.Tests.Harness;

/// <summary>A flow that, like Sym's approve_circleci_job, refuses a request without a diff in its context and keeps what hooks read.</summary>
public sealed class DiffFlow : FlowImplementation
{
    public List<string> SeenDiffs { get; } = [];

    public override ValueTask<TemplateStep?> OnRequestAsync(Event evt, CancellationToken cancellationToken = default)
    {
        string? diff = evt.GetContext("request")?.GetString("diff");
        if (diff is null)
        {
            return new(Template.Ignore("Attach the diff to approve."));
        }

        SeenDiffs.Add(diff);
        return default;
    }

    public override ValueTask AfterApproveAsync(Event evt, CancellationToken cancellationToken = default)
    {
        SeenDiffs.Add("approved " + evt.GetContext("request")?.GetInt64("job"));
        return default;
    }

    public static void Configure(FlowOptions o)
    {
        o.AllowedDurations.Add("1h");
        o.Fields.Add(new PromptFieldOptions { Name = "reason", Type = "string" });
    }
}

public sealed class NoopStrategy : AccessStrategy
{
    public override ValueTask<string?> FetchRemoteIdentityAsync(User user, CancellationToken cancellationToken = default) => new(user.Email);

    public override ValueTask<StrategyOutput?> EscalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default) => new(StrategyOutput.Applied());

    public override ValueTask<StrategyOutput?> DeescalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default) => new(StrategyOutput.Applied());
}

public sealed class RequestContextTests
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    [Fact]
    public async Task RequestAsync_WithContext_HooksReadItAtRequestAndLaterSteps()
    {
        await using SymFlowHarness harness = SymFlowHarness.Create<DiffFlow, NoopStrategy>("deploy", DiffFlow.Configure);
        DiffFlow flow = harness.Services.GetRequiredService<DiffFlow>();

        HarnessRun run = await harness.RequestAsync(Alice, duration: Hour, reason: "ship it",
            context: new Dictionary<string, object?> { ["diff"] = "+a\n-b", ["job"] = 42L });
        await run.ApproveAsync(Bob);

        flow.SeenDiffs.Should().Equal("+a\n-b", "approved 42");
        run.Current.Contexts["request"].GetProperty("diff").GetString().Should().Be("+a\n-b");
    }

    [Fact]
    public async Task SubmitAsync_WithoutContext_TheHookRefusesAndNothingIsCreated()
    {
        await using SymFlowHarness harness = SymFlowHarness.Create<DiffFlow, NoopStrategy>("deploy", DiffFlow.Configure);

        SymActionResult result = await harness.SubmitAsync(new AccessRequest { Flow = "deploy", Requester = Alice, Duration = Hour, Reason = "r" });

        result.Status.Should().Be(SymActionStatus.Ignored);
        result.Message.Should().Be("Attach the diff to approve.");
        result.Run.Should().BeNull();
    }

    [Fact]
    public async Task SubmitAsync_ContextNotAnObject_IsAFieldErrorAndCreatesNothing()
    {
        await using SymFlowHarness harness = SymFlowHarness.Create<DiffFlow, NoopStrategy>("deploy", DiffFlow.Configure);
        var request = new AccessRequest
        {
            Flow = "deploy", Requester = Alice, Duration = Hour, Reason = "r", Context = SymFieldValue.StringList(["a"]),
        };

        Func<Task> submit = () => harness.SubmitAsync(request);

        SymRequestValidationException error = (await submit.Should().ThrowAsync<SymRequestValidationException>()).Which;
        error.ErrorCode.Should().Be(SymErrorCodes.InvalidRequest);
        error.Errors.Should().ContainSingle().Which.Should().Be(new SymFieldError("context", "The context must be a JSON object, not a list."));
        harness.Runs.Should().BeEmpty();
    }
}
