using Sym.Sdk.Flows;
using Sym.Sdk.Requests;
using Sym.Sdk.Runtime;
using Sym.Sdk.Testing;

namespace Sym.Sdk.Integrations.Tests;

/// <summary>
/// The story for every ready-made strategy, on the harness and the strategy's fake: two active runs of one
/// requester for one target (5 s and 20 s, in either order); the access must stay until the last of them ends.
/// </summary>
internal static class OverlappingRuns
{
    public const string Flow = "overlap_access";

    public static readonly User Alice = FakeEvents.User("alice@example.com", slackId: "U0ALICE");
    public static readonly User Bob = FakeEvents.User("bob@example.com", slackId: "U0BOB");

    /// <summary>The orders the runs come in: the shorter one first (it ends first), and the longer one first.</summary>
    public static TheoryData<int, int> Durations => new() { { 5, 20 }, { 20, 5 } };

    /// <summary>A flow with one target, <c>prod</c>, carrying the strategy's <paramref name="settings"/>; Bob approves.</summary>
    public static Action<FlowOptions> Definition(IReadOnlyDictionary<string, string> settings) => o =>
    {
        o.AllowedDurations.Add("5s");
        o.AllowedDurations.Add("20s");
        o.MaxDuration = "1h";
        var target = new AccessTargetOptions { Name = "prod", Label = "Production" };
        foreach ((string key, string value) in settings)
        {
            target.Settings[key] = value;
        }

        o.Targets.Add(target);
        o.Fields.Add(new PromptFieldOptions { Name = "reason", Type = "string" });
    };

    /// <summary>
    /// Plays the story and checks, with <paramref name="granted"/> (does Alice hold the access in the fake now?), that the
    /// access is there while either run is active and gone once both ended, revoked once, by the run that ended last.
    /// </summary>
    public static async Task<(HarnessRun EndsFirst, HarnessRun EndsLast)> PlayAsync(SymFlowHarness harness, int firstSeconds, int secondSeconds, Func<bool> granted)
    {
        HarnessRun first = await harness.RequestAsync(Alice, target: "prod", duration: TimeSpan.FromSeconds(firstSeconds), reason: "incident 42");
        (await first.ApproveAsync(Bob)).IsApplied.Should().BeTrue();
        HarnessRun second = await harness.RequestAsync(Alice, target: "prod", duration: TimeSpan.FromSeconds(secondSeconds), reason: "incident 43");
        (await second.ApproveAsync(Bob)).IsApplied.Should().BeTrue();
        first.AssertState(SymRunState.Active);
        second.AssertState(SymRunState.Active);
        granted().Should().BeTrue("both runs are active");

        (HarnessRun endsFirst, HarnessRun endsLast) = firstSeconds < secondSeconds ? (first, second) : (second, first);
        await harness.AdvanceToAsync(endsFirst.Current.ExpiresAt!.Value);

        endsFirst.AssertState(SymRunState.Ended).AssertStrategyCalls("deescalate", 0).AssertNoErrors();
        endsFirst.Current.Outputs["deescalate"].Data["kept_for"].Should().Be(endsLast.Id);
        endsLast.AssertState(SymRunState.Active);
        granted().Should().BeTrue("the run that is still active still grants the access");

        await harness.AdvanceToAsync(endsLast.Current.ExpiresAt!.Value);

        endsLast.AssertState(SymRunState.Ended).AssertStrategyCalls("deescalate", 1).AssertNoErrors();
        granted().Should().BeFalse("the last run holding the access ended");
        harness.StrategyCalls.Where(static c => c.Step == "deescalate").Should().ContainSingle().Which.RunId.Should().Be(endsLast.Id);
        return (endsFirst, endsLast);
    }
}

/// <summary>The story's flow: Bob approves requests.</summary>
public sealed class OverlapFlow : FlowImplementation
{
    public override ValueTask<RequestPermission?> GetPermissionsAsync(Event evt, CancellationToken cancellationToken = default) =>
        new(RequestPermission.ForUsers(["bob@example.com"]));
}
