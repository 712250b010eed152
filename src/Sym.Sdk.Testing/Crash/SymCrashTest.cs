using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Sym.Sdk.Runtime;
using Sym.Sdk.Testing.Crash.Internal;

namespace Sym.Sdk.Testing;

/// <summary>
/// Crash-point testing of your own flow: plays a story (request, approve, time passes, …) on the real engine, and for
/// every store write the story makes, on both sides of it, plays it again with the process dying right there; then
/// starts a new process (a new engine, strategy and flow, built by your setup) over the store the dead one left, lets
/// its scheduler run for <see cref="SymCrashTestOptions.Horizon"/>, and checks the invariants access control rests on.
/// </summary>
/// <remarks>
/// <para>The invariants, each a <see cref="SymCrashViolation.Invariant"/> when broken: access granted is revoked by its
/// expiry plus a bounded lag (<c>access-revoked</c>; overlapping runs of one requester for one target of one flow share
/// the access, revoked by the last of them to end); escalate is never called twice for a run (<c>escalate-once</c>); no
/// run is left in a non-final state (<c>run-finished</c>; a flow that schedules no deescalation may leave access active);
/// the audit trail holds every step the run went through (<c>audit-complete</c>); every notification is delivered and
/// every run's final change told (<c>notified</c>); and no run needed the engine's start-up repair, because every state
/// is guarded by construction (<c>guarded</c>).</para>
/// <para>A crash here models what a real store can exhibit: a commit either happened or did not. The external world your
/// strategy changes lives in the fakes you create with <see cref="SymCrashScenario.Shared{T}"/>, so it outlives the
/// crash; everything else (your strategy's and flow's instances, caches, the engine) is built anew for the recovering
/// process, as a restart would.</para>
/// </remarks>
/// <example>
/// <code>
/// SymCrashReport report = await SymCrashTest.RunAsync("expiry",
///     (builder, scenario) =&gt; builder.AddFlow&lt;MyFlow, MyStrategy&gt;("my_flow", Configure).Use(scenario.Shared(() =&gt; new FakeOkta())),
///     async harness =&gt;
///     {
///         HarnessRun run = await harness.RequestAsync(alice, target: "prod", duration: TimeSpan.FromHours(1), reason: "incident 42");
///         await run.ApproveAsync(bob);
///         await harness.AdvanceAsync(TimeSpan.FromHours(1));
///     });
/// report.AssertNoViolations();
/// </code>
/// </example>
public static class SymCrashTest
{
    /// <summary>Runs the crash test of one story.</summary>
    /// <param name="story">The story's name, for the report.</param>
    /// <param name="setup">
    /// Sets up one process: register your flows and services on the builder, as for <see cref="SymFlowHarness"/>, and get
    /// the fakes of the world from the scenario (<see cref="SymCrashScenario.Shared{T}"/>). Called for every process: the
    /// one that crashes and the one that recovers.
    /// </param>
    /// <param name="play">The story, told on the harness of the process that crashes (any exception after the crash is the crash's).</param>
    /// <param name="options">How to crash and judge, or <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Cancels the test.</param>
    /// <returns>The report; call <see cref="SymCrashReport.AssertNoViolations"/>.</returns>
    public static async Task<SymCrashReport> RunAsync(string story, Action<SymFlowHarnessBuilder, SymCrashScenario> setup, Func<SymFlowHarness, Task> play,
        SymCrashTestOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(story);
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentNullException.ThrowIfNull(play);
        options ??= new SymCrashTestOptions();
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.Horizon, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Parallelism, 1, nameof(options));

        // The story without a crash: its writes are the crash points, and it must keep the invariants itself.
        ScenarioResult reference = await RunScenarioAsync(new SymCrashScenario(0, SymCrashSide.BeforeWrite, NewFolder()), int.MaxValue, setup, play, options, null,
            cancellationToken).ConfigureAwait(false);
        IReadOnlyList<string> writes = reference.Writes;
        var results = new ScenarioResult[writes.Count * 2];
        using var gate = new SemaphoreSlim(options.Parallelism);
        var running = new List<Task>(results.Length);
        for (int i = 0; i < results.Length; i++)
        {
            int index = i;
            int point = (i / 2) + 1;
            SymCrashSide side = i % 2 == 0 ? SymCrashSide.BeforeWrite : SymCrashSide.AfterWrite;
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            running.Add(Task.Run(async () =>
            {
                try
                {
                    results[index] = await RunScenarioAsync(new SymCrashScenario(point, side, NewFolder()), point, setup, play, options, writes[point - 1],
                        cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    gate.Release();
                }
            }, cancellationToken));
        }

        await Task.WhenAll(running).ConfigureAwait(false);
        List<SymCrashViolation> violations = [.. reference.Violations];
        int repairs = reference.Repairs;
        TimeSpan worst = reference.WorstLag;
        foreach (ScenarioResult result in results)
        {
            violations.AddRange(result.Violations);
            repairs += result.Repairs;
            worst = result.WorstLag > worst ? result.WorstLag : worst;
        }

        return new SymCrashReport(story, writes, results.Length, violations, repairs, worst);
    }

    private static async Task<ScenarioResult> RunScenarioAsync(SymCrashScenario scenario, int crashAt, Action<SymFlowHarnessBuilder, SymCrashScenario> setup,
        Func<SymFlowHarness, Task> play, SymCrashTestOptions options, string? expectedWrite, CancellationToken cancellationToken)
    {
        string point = scenario.ToString();
        var violations = new List<SymCrashViolation>();
        FakeTimeProvider time = scenario.Shared(static () => new FakeTimeProvider(SymFlowHarnessBuilder.DefaultStart));
        ISymStore firstStore = OpenStore(scenario, options);
        var crashing = new CrashingStore(firstStore, crashAt, scenario.Side);
        SymFlowHarness? crashed = null;
        SymFlowHarness? recovered = null;
        ISymStore? secondStore = null;
        try
        {
            crashed = Build(time, crashing, scenario, setup);
            try
            {
                await play(crashed).ConfigureAwait(false);
            }
            catch (Exception) when (crashing.Crashed)
            {
                // The process died mid-story: the rest of the story never happened.
            }
            catch (Exception ex)
            {
                violations.Add(Violation("story", point, expectedWrite, null, $"The story failed without a crash: {ex.GetType().Name}: {ex.Message}"));
            }

            IReadOnlyList<string> writes = crashing.Writes;
            string write = expectedWrite ?? "none";
            if (crashAt != int.MaxValue && (!crashing.Crashed || writes.Count < crashAt || writes[crashAt - 1] != expectedWrite))
            {
                violations.Add(Violation("story", point, write, null,
                    "The story made other writes than without a crash, so this crash point is not the one it names: keep the story deterministic (the harness's clock and seeded jitter are)."));
            }

            // A new process over the surviving store: a new engine built by the setup, the same world and clock.
            (firstStore as IDisposable)?.Dispose();
            secondStore = OpenStore(scenario, options);
            recovered = Build(time, secondStore, scenario, setup);
            int repairs = await recovered.Engine.ReconcileAsync(cancellationToken).ConfigureAwait(false);
            await recovered.AdvanceAsync(options.Horizon, cancellationToken).ConfigureAwait(false);

            SymOptions engine = recovered.Services.GetRequiredService<IOptions<SymOptions>>().Value;
            TimeSpan lag = options.MaxRevocationLag ?? engine.TimerLease + engine.DeescalateRetryMaxDelay;
            var check = new CrashInvariants(point, write, secondStore, crashed, recovered, lag,
                recovered.Services.GetRequiredService<IOptionsMonitor<Flows.FlowOptions>>());
            await check.RunAsync(cancellationToken).ConfigureAwait(false);
            violations.AddRange(check.Violations);
            if (repairs > 0)
            {
                violations.Add(Violation("guarded", point, write, null,
                    string.Create(CultureInfo.InvariantCulture, $"The recovering engine had to repair {repairs} run(s) left without the timer that moves them on.")));
            }

            return new ScenarioResult(writes, violations, repairs, check.WorstLag);
        }
        finally
        {
            if (recovered is not null)
            {
                await recovered.DisposeAsync().ConfigureAwait(false);
            }

            if (crashed is not null)
            {
                await crashed.DisposeAsync().ConfigureAwait(false);
            }

            (secondStore as IDisposable)?.Dispose();
            (firstStore as IDisposable)?.Dispose();
            TryDelete(scenario.Folder);
        }
    }

    private static SymFlowHarness Build(FakeTimeProvider time, ISymStore store, SymCrashScenario scenario, Action<SymFlowHarnessBuilder, SymCrashScenario> setup)
    {
        var builder = new SymFlowHarnessBuilder(time, store);
        setup(builder, scenario);
        return builder.Build();
    }

    private static ISymStore OpenStore(SymCrashScenario scenario, SymCrashTestOptions options) =>
        options.OpenStore is { } open ? open(scenario) : scenario.Shared(static () => new InMemorySymStore());

    internal static SymCrashViolation Violation(string invariant, string point, string? write, string? run, string detail) =>
        new() { Invariant = invariant, CrashPoint = point, Write = write ?? "none", Run = run, Detail = detail };

    private static string NewFolder() => Directory.CreateTempSubdirectory("sym-crash-").FullName;

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private sealed record ScenarioResult(IReadOnlyList<string> Writes, List<SymCrashViolation> Violations, int Repairs, TimeSpan WorstLag);
}
