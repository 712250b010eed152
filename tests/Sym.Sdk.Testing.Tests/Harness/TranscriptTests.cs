using Snapshooter.Xunit;
using Sym.Sdk.Testing.Http;
using static Sym.Sdk.Testing.Tests.Harness.People;

namespace Sym.Sdk.Testing.Tests.Harness;

public class TranscriptTests
{
    [Fact]
    public async Task GetTranscript_AFullStory_ReadsLikeTheFlow()
    {
        FakeHttpHandler http = GrantsApi();
        http.Faults.FailNext(1, "DELETE");
        await using SymFlowHarness harness = NewHarness(http);
        HarnessRun run = await harness.RequestAsync(Alice, target: "prod", duration: TimeSpan.FromHours(1), reason: "incident 42");
        await run.ApproveAsync(Mallory);
        await run.ApproveAsync(Bob);
        await harness.AdvanceAsync(TimeSpan.FromMinutes(90));

        Snapshot.Match(harness.GetTranscript());
    }

    [Fact]
    public async Task GetTranscript_AutoApproval_IsByTheHookNotTheRequester()
    {
        await using SymFlowHarness harness = NewHarness(GrantsApi());

        HarnessRun run = await harness.RequestAsync(Alice, target: "prod", duration: TimeSpan.FromHours(1), reason: "auto");

        run.State.Should().Be(Sym.Sdk.Runtime.SymRunState.Active);
        string transcript = run.GetTranscript();
        transcript.Should().Contain("step approve by sym: applied (trusted change (by Sym (on_request hook)))")
            .And.NotContain("step approve by alice@example.com");
    }

    [Fact]
    public async Task ApprovalOnlyFlow_InTheHarness_EndsApprovedWithoutAnyStrategyCall()
    {
        SymFlowHarnessBuilder builder = SymFlowHarness.CreateBuilder();
        builder.AddFlow<GrantFlow>("approvals", o =>
        {
            o.Vars["request_channel"] = "#approvals";
            o.Vars["approvers"] = "bob@example.com";
            o.Fields.Add(new Sym.Sdk.Flows.PromptFieldOptions { Name = "reason", Type = "string" });
        });
        await using SymFlowHarness harness = builder.Build();

        HarnessRun run = await harness.RequestAsync(Alice, reason: "deploy window");
        await run.ApproveAsync(Bob);

        run.State.Should().Be(Sym.Sdk.Runtime.SymRunState.Approved);
        harness.GetTranscript().Should().Contain("step approve by bob@example.com: applied").And.NotContain("strategy ");
    }

    [Fact]
    public async Task GetTranscript_SameStoryTwice_IsIdentical()
    {
        (string first, string firstId) = await StoryAsync();
        (string second, string secondId) = await StoryAsync();

        secondId.Should().NotBe(firstId);
        second.Should().Be(first);
        first.Should().NotContain(firstId, "run ids are random, so the transcript names runs instead");
    }

    [Fact]
    public async Task HarnessRunGetTranscript_TwoRuns_HoldsOnlyItsOwnLines()
    {
        await using SymFlowHarness harness = NewHarness(GrantsApi());
        HarnessRun first = await harness.RequestAsync(Alice, target: "prod", duration: TimeSpan.FromHours(1), reason: "one");
        HarnessRun second = await harness.RequestAsync(Bob, target: "prod", duration: TimeSpan.FromHours(1), reason: "two");

        first.GetTranscript().Should().Contain("\"one\"").And.NotContain("\"two\"");
        second.GetTranscript().Should().Contain("run-2").And.NotContain("run-1");
    }

    [Fact]
    public async Task TimelineEntry_ToString_IsTheTranscriptLine()
    {
        await using SymFlowHarness harness = NewHarness(GrantsApi());
        await harness.RequestAsync(Alice, target: "prod", duration: TimeSpan.FromHours(1), reason: "r");

        TimelineEntry first = harness.Timeline[0];

        first.ToString().Should().Be("+00:00:00 run-1  alice@example.com requests grants for prod, 1h, reason \"r\"");
        first.Kind.Should().Be(TimelineEntryKind.Action);
        first.Actor.Should().Be("alice@example.com");
        harness.GetTranscript().Should().StartWith(first + "\n");
    }

    private static async Task<(string Transcript, string RunId)> StoryAsync()
    {
        await using SymFlowHarness harness = NewHarness(GrantsApi());
        HarnessRun run = await harness.RequestAsync(Alice, target: "prod", duration: TimeSpan.FromHours(1), reason: "r");
        await run.ApproveAsync(Bob);
        await harness.AdvanceAsync(TimeSpan.FromHours(1));
        return (harness.GetTranscript(), run.Id);
    }
}
