using Microsoft.Extensions.DependencyInjection;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Tests.Runtime;

public sealed class SymSchedulerTests
{
    [Fact]
    public async Task RunAsync_FiresDueTimersAsTheClockAdvances()
    {
        using var h = EngineHarness.Create(sym: o => o.SchedulerInterval = TimeSpan.FromSeconds(1));
        SymRun run = await h.ActiveRunAsync();
        var scheduler = h.Services.GetRequiredService<SymScheduler>();
        using var cts = new CancellationTokenSource();
        Task loop = scheduler.RunAsync(cts.Token);

        h.Time.Advance(TimeSpan.FromHours(1));
        for (int i = 0; i < 1000 && h.Strategy.CountOf("deescalate") == 0; i++)
        {
            h.Time.Advance(TimeSpan.FromSeconds(1));
            await Task.Yield();
            await Task.Delay(TimeSpan.FromMilliseconds(1), TimeProvider.System);
        }

        await cts.CancelAsync();
        await loop;
        h.Strategy.CountOf("deescalate").Should().Be(1);
        (await h.RunAsync(run.Id)).State.Should().Be(SymRunState.Ended);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    public async Task ProcessDueTimersAsync_ManyGrantsExpiringTogether_DeescalatesEachOnceAtAnyConcurrency(int concurrency)
    {
        using var h = EngineHarness.Create(sym: o =>
        {
            o.TimerConcurrency = concurrency;
            o.TimerBatchSize = 7;
        });
        var runs = new List<SymRun>();
        for (int i = 0; i < 20; i++)
        {
            // Twenty requesters: twenty separate grants (one requester's overlapping runs share one, revoked once).
            SymRun run = await h.RequestAsync(new User { Username = $"req{i}@example.com" });
            (await h.Engine.ApproveAsync(run.Id, EngineHarness.Approver)).Run!.State.Should().Be(SymRunState.Active);
            runs.Add(run);
        }

        h.Strategy.FailDeescalates(3);
        h.Time.Advance(TimeSpan.FromHours(1));
        int fired = await h.Engine.ProcessDueTimersAsync();

        // Three deescalates failed and were scheduled for retry: their timers still completed (the retry is a new timer).
        fired.Should().Be(20);
        h.Strategy.CountOf("deescalate").Should().Be(20);
        h.Time.Advance(TimeSpan.FromHours(1));
        await h.Engine.ProcessDueTimersAsync();
        foreach (SymRun run in runs)
        {
            (await h.RunAsync(run.Id)).State.Should().Be(SymRunState.Ended);
        }

        h.Strategy.CountOf("deescalate").Should().Be(23);
    }

    [Fact]
    public async Task RunAsync_Cancelled_Stops()
    {
        using var h = EngineHarness.Create();
        using var cts = new CancellationTokenSource();
        Task loop = h.Services.GetRequiredService<SymScheduler>().RunAsync(cts.Token);
        await cts.CancelAsync();
        await loop;
        loop.IsCompletedSuccessfully.Should().BeTrue();
    }

    [Fact]
    public void Jittered_NoJitter_IsExactlyTheInterval() =>
        SymEngine.Jittered(TimeSpan.FromSeconds(1), TimeSpan.Zero).Should().Be(TimeSpan.FromSeconds(1));

    [Fact]
    public void Jittered_WithJitter_StaysWithinItEitherWayAndVaries()
    {
        TimeSpan[] waits = [.. Enumerable.Range(0, 200).Select(_ => SymEngine.Jittered(TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(250)))];

        waits.Should().OnlyContain(w => w >= TimeSpan.FromMilliseconds(750) && w <= TimeSpan.FromMilliseconds(1250));
        waits.Distinct().Should().HaveCountGreaterThan(100, "each wait is drawn anew");
    }

    [Fact]
    public async Task RunAsync_WithJitter_PollsAgainNoSoonerThanIntervalLessJitterAndNoLaterThanIntervalPlusJitter()
    {
        var store = new ClaimCountingStore();
        using var h = EngineHarness.Create(
            sym: o =>
            {
                o.SchedulerInterval = TimeSpan.FromSeconds(1);
                o.SchedulerJitter = TimeSpan.FromMilliseconds(250);
            },
            services: s =>
            {
                s.AddSingleton(store.Inner);
                s.AddSingleton<ISymStore>(store);
            });
        var scheduler = h.Services.GetRequiredService<SymScheduler>();
        using var cts = new CancellationTokenSource();
        Task loop = scheduler.RunAsync(cts.Token);
        await WaitForClaimsAsync(store, 1);

        h.Time.Advance(TimeSpan.FromMilliseconds(749));
        for (int i = 0; i < 20; i++)
        {
            await Task.Yield();
        }

        store.Claims.Should().Be(1, "the wait is at least the interval less the jitter, on the fake clock");
        h.Time.Advance(TimeSpan.FromMilliseconds(502));
        await WaitForClaimsAsync(store, 2);

        await cts.CancelAsync();
        await loop;
        store.Claims.Should().BeGreaterThanOrEqualTo(2);
    }

    private static async Task WaitForClaimsAsync(ClaimCountingStore store, int count)
    {
        for (int i = 0; i < 5000 && store.Claims < count; i++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(1), TimeProvider.System);
        }

        store.Claims.Should().BeGreaterThanOrEqualTo(count);
    }

    /// <summary>Counts the scheduler's polls for due timers.</summary>
    private sealed class ClaimCountingStore : Sym.Sdk.Testing.Tests.Crash.DelegatingStore
    {
        private int _claims;

        public int Claims => Volatile.Read(ref _claims);

        public override ValueTask<IReadOnlyList<SymTimer>> ClaimDueTimersAsync(DateTimeOffset now, int maxCount, TimeSpan lease, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _claims);
            return base.ClaimDueTimersAsync(now, maxCount, lease, cancellationToken);
        }
    }
}
