using System.Runtime.CompilerServices;
using Sym.Sdk.Runtime;
using Xunit.Abstractions;

namespace Sym.Sdk.Testing.Tests.Crash;

public sealed class SymCrashTestTests(ITestOutputHelper output)
{
    [Theory]
    [MemberData(nameof(CrashStories.Names), MemberType = typeof(CrashStories))]
    public async Task RunAsync_EveryLifecycleOnTheInMemoryStore_BreaksNoInvariantAtAnyCrashPoint(string name)
    {
        CrashStories.Story story = CrashStories.Stories[name];

        SymCrashReport report = await SymCrashTest.RunAsync(name, (b, s) => CrashStories.Setup(story, b, s), story.Play,
            new SymCrashTestOptions { Parallelism = Environment.ProcessorCount });

        report.Writes.Should().NotBeEmpty();
        report.CrashPoints.Should().Be(report.Writes.Count * 2);
        report.Repairs.Should().Be(0, "every state is guarded by the commit that enters it");
        output.WriteLine(report.ToString());
        report.AssertNoViolations();
    }

    [Fact]
    public async Task RunAsync_StoreThatLosesTheDeescalateRetryGuard_ReportsRunsTheEngineHadToRepair()
    {
        CrashStories.Story story = CrashStories.Stories["expiry"];

        SymCrashReport report = await SymCrashTest.RunAsync("lossy store", (b, s) => CrashStories.Setup(story, b, s), story.Play,
            new SymCrashTestOptions { OpenStore = s => s.Shared(() => new GuardLosingStore()) });

        report.Repairs.Should().BeGreaterThan(0);
        report.Violations.Should().Contain(v => v.Invariant == "guarded" && v.Write.Contains("deescalating", StringComparison.Ordinal));
        Action assert = report.AssertNoViolations;
        assert.Should().Throw<SymHarnessException>().Which.Message.Should().Contain("[guarded]");
    }

    [Fact]
    public async Task RunAsync_RevocationLaterThanAllowed_ReportsTheLag()
    {
        CrashStories.Story story = CrashStories.Stories["deescalate-failing-3-times"];

        SymCrashReport report = await SymCrashTest.RunAsync("slow revoke", (b, s) => CrashStories.Setup(story, b, s), story.Play,
            new SymCrashTestOptions { MaxRevocationLag = TimeSpan.FromSeconds(1) });

        report.WorstRevocationLag.Should().BeGreaterThan(TimeSpan.FromSeconds(1));
        report.Violations.Should().Contain(v => v.Invariant == "access-revoked" && v.CrashPoint == "no crash" && v.Detail.Contains("late", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_StoryThatFailsWithoutACrash_IsReportedAsTheStorysFault()
    {
        CrashStories.Story story = CrashStories.Stories["deny"];

        SymCrashReport report = await SymCrashTest.RunAsync("broken story", (b, s) => CrashStories.Setup(story, b, s), async h =>
        {
            await story.Play(h);
            throw new InvalidOperationException("the story's own assertion failed");
        });

        report.Violations.Should().Contain(v => v.Invariant == "story" && v.CrashPoint == "no crash" && v.Detail.Contains("the story's own assertion failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_EveryWriteIsCrashedOnBothSides()
    {
        CrashStories.Story story = CrashStories.Stories["deny"];

        SymCrashReport report = await SymCrashTest.RunAsync("deny", (b, s) => CrashStories.Setup(story, b, s), story.Play);

        // The harness announces without a message reference: the delivered announcement is only completed.
        report.Writes.Should().StartWith(["commit request", "claim messages", "complete message Announce"]);
        report.Writes.Should().Contain("commit deny");
        report.CrashPoints.Should().Be(2 * report.Writes.Count);
        report.ToString().Should().Contain($"{report.Writes.Count} store writes, {report.CrashPoints} crash points, 0 violation(s)");
    }

    [Fact]
    public async Task RunAsync_OverlappingRunsWhoseGrantIsNeverRevoked_ReportsAccessNotRevoked()
    {
        CrashStories.Story story = CrashStories.Stories["overlap-first-ends-first"];

        SymCrashReport report = await SymCrashTest.RunAsync("ghost run", (b, s) => CrashStories.Setup(story, b, s), story.Play,
            new SymCrashTestOptions { OpenStore = s => s.Shared(() => new GhostRunStore()) });

        // Each run leaves the access to a run that does not exist: no deescalate of the grant ever succeeds.
        report.Violations.Where(v => v.Invariant == "access-revoked" && v.CrashPoint == "no crash").Should().HaveCount(2)
            .And.AllSatisfy(v => v.Detail.Should().Contain("no deescalate of its grant succeeded"));
    }

    /// <summary>
    /// A store with a bug: every query for a requester's Active runs also answers a run that is not stored, of the same flow
    /// and target, so every deescalate keeps the access for it.
    /// </summary>
    private sealed class GhostRunStore : DelegatingStore
    {
        public override async IAsyncEnumerable<SymRun> QueryRunsAsync(SymRunQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            SymRun? model = null;
            await foreach (SymRun run in Inner.QueryRunsAsync(query with { State = null }, cancellationToken))
            {
                model ??= run;
                if (query.State is null || run.State == query.State)
                {
                    yield return run;
                }
            }

            if (query.State == SymRunState.Active && model is not null)
            {
                yield return model with { Id = "ghost", State = SymRunState.Active };
            }
        }
    }

    /// <summary>A store with a bug: it drops the DeescalateRetry timer a commit schedules (the guard of Deescalating).</summary>
    private sealed class GuardLosingStore : DelegatingStore
    {
        public override ValueTask<bool> CommitAsync(SymRunTransition transition, CancellationToken cancellationToken = default) =>
            base.CommitAsync(transition with { ScheduleTimers = [.. transition.ScheduleTimers.Where(static t => t.Kind != SymTimerKind.DeescalateRetry)] },
                cancellationToken);
    }
}
