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
}
